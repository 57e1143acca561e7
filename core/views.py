from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control


def get_visible_or_404(request, queryset, preview_perm, **lookup):
    """Return (obj, is_preview): public items for everyone, unpublished ones only as staff previews.

    Staff holding `preview_perm` may open an item that is not public yet; anyone else gets the same
    404 as for an address that never existed, so the response reveals nothing.
    """
    obj = queryset.published().filter(**lookup).first()
    if obj is not None:
        return obj, False
    if (
        request.user.is_authenticated
        and request.user.is_staff
        and request.user.has_perm(preview_perm)
    ):
        obj = queryset.filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404


def mark_private(response):
    """Headers for anything that is not public: no shared cache keeps it, no search engine lists it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
