"""Accounts: the second-factor steps and password reset by e-mail.

Not namespaced: Django's password-reset views and the admin's login page ("비밀번호를 잊으셨나요?")
look these names up unqualified.
"""

from django.urls import path

from accounts import views

urlpatterns = [
    path("2fa/", views.otp_verify, name="account_otp_verify"),
    path("2fa/setup/", views.otp_enrol, name="account_otp_enrol"),
    path("password-reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
