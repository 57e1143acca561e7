from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
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


def redirect_moved(request, url, is_preview):
    """Send the visitor to where an item lives now: for good when it is public, for this visit only
    in a staff preview (whose address may still change). The query string goes along."""
    query = request.GET.urlencode()
    url = f"{url}?{query}" if query else url
    if is_preview:
        return mark_private(HttpResponseRedirect(url))
    return HttpResponsePermanentRedirect(url)


def redirect_to_visible(request, model, preview_perm, pk, route=None):
    """Redirect to the item `pk` where the visitor could see it (`get_visible_or_404`): at `route`
    with its slug now, or at its own page. Otherwise the same 404 as an address that never existed.
    """
    obj, is_preview = get_visible_or_404(request, model.objects.all(), preview_perm, pk=pk)
    url = reverse(route, args=[obj.slug]) if route else obj.get_absolute_url()
    return redirect_moved(request, url, is_preview)


def get_visible_or_moved(request, queryset, preview_perm, slug, route):
    """`get_visible_or_404` by slug, following the old addresses of a `SlugHistoryMixin` model.

    Returns (obj, is_preview, None) for the item at `slug`. When `slug` is an address an item had
    before its slug changed, returns (None, False, redirect to `route` with the slug it has now),
    but only if the visitor could see the item now; otherwise the same 404 as any unknown address.
    """
    try:
        obj, is_preview = get_visible_or_404(request, queryset, preview_perm, slug=slug)
    except Http404:
        pk = queryset.model.old_slug_owner(slug)
        if pk is None:
            raise Http404 from None
        return None, False, redirect_to_visible(request, queryset.model, preview_perm, pk, route)
    return obj, is_preview, None
