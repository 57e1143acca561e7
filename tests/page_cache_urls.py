"""The site's URLs and one public page with a POST form, for the page cache's CSRF handling."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from gbtp.urls import urlpatterns as site_urlpatterns

FORM = engines["django"].from_string(
    '<!doctype html><form method="post">{% csrf_token %}<button>보내기</button></form>'
)


def form_page(request):
    return HttpResponse(FORM.render({}, request))


urlpatterns = [path("form-page/", form_page, name="form-page"), *site_urlpatterns]
