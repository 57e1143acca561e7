from django.http import Http404

from core.views import mark_private
from sharing.registry import shareable
from sharing.services import sharelink_open


def open_link(request, token):
    """A recipient's personal link: the item as it will look, before it is public."""
    link = sharelink_open(token=token, request=request)
    target = link.target if link else None
    handler = shareable(type(target)) if target is not None else None
    if handler is None:
        raise Http404
    return mark_private(handler.render(request, target, link))
