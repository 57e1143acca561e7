"""Security headers that Django's own middleware does not send."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.middleware.csp import get_nonce
from django.urls import reverse
from django.utils.csp import CSP, build_policy

# Nothing in the newsroom uses the camera, location, sensors, payments or the like; a page that
# somehow carried foreign markup still gets none of them. Sharing needs the share sheet and clipboard.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "bluetooth=()",
        "camera=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=()",
        "geolocation=()",
        "gyroscope=()",
        "hid=()",
        "idle-detection=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "picture-in-picture=()",
        "publickey-credentials-get=()",
        "screen-wake-lock=()",
        "serial=()",
        "usb=()",
        "xr-spatial-tracking=()",
        "clipboard-read=()",
        "clipboard-write=(self)",
        "web-share=(self)",
    ]
)


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def admin_csp(policy: dict) -> dict:
    """The site's policy plus inline styles, which CKEditor 5 needs to place its toolbars."""
    styles = list(policy.get("style-src", [CSP.SELF]))
    if CSP.UNSAFE_INLINE not in styles:
        styles.append(CSP.UNSAFE_INLINE)
    return {**policy, "style-src": styles}


class AdminStyleCSPMiddleware:
    """Allows inline styles in the admin only; public pages keep `style-src 'self'`.

    Placed after Django's ContentSecurityPolicyMiddleware, it sets the header first on the way out,
    and that middleware leaves a header it finds in place.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if settings.SECURE_CSP and request.path.startswith(self.prefix):
            response.headers.setdefault(
                str(CSP.HEADER_ENFORCE),
                build_policy(admin_csp(settings.SECURE_CSP), get_nonce(request)),
            )
        return response


class RejectNulMiddleware:
    """No NUL character reaches a view: PostgreSQL refuses it in text, so it would end in a 500.

    An address with NUL in its path names nothing (404); a query string or form field with one is a
    malformed request (400). Other control characters are harmless to the database and left to views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if _has_nul(request.GET):
            raise BadRequest("NUL in query string")
        if request.method == "POST" and _form_body(request) and _has_nul(request.POST):
            raise BadRequest("NUL in form data")
        return self.get_response(request)


def _form_body(request):
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )
