"""The site's URLs with a minimal view in front: `/bench-floor/` answers "ok" and reads nothing.

The site's own URLs stay in place because middleware reverses some of them (the admin prefix).
"""

from django.http import HttpResponse
from django.urls import path

from gbtp.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench-floor/", floor, name="bench-floor"), *site_urlpatterns]
