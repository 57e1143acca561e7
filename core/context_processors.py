from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.NEWSROOM_NAME,
        "SITE_URL": settings.SITE_URL,
        "PRESS_OFFICE": settings.PRESS_OFFICE,
    }
