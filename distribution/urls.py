from django.urls import path

from distribution import views

app_name = "distribution"
urlpatterns = [
    path("press-mail/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("subscribe/", views.subscribe_view, name="subscribe"),
    path(
        "subscribe/confirm/<str:token>/",
        views.subscription_confirm_view,
        name="subscription-confirm",
    ),
    path("subscribe/stop/<str:token>/", views.subscription_stop_view, name="subscription-stop"),
]
