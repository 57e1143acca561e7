"""What can be shared, and how each kind is shown. Content apps register here; sharing imports none."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q


@dataclass(frozen=True)
class Shareable:
    # Renders the item for a share-link holder: (request, obj, link) -> HttpResponse.
    render: Callable[..., Any]
    # The photos that belong to the item, as a filter on photos.Photo: (obj) -> Q.
    photos: Callable[[Any], Q]


_registry: dict[type, Shareable] = {}


def register(model, *, render, photos):
    _registry[model] = Shareable(render=render, photos=photos)


def shareable(model) -> Shareable | None:
    return _registry.get(model)


def shareable_models():
    return list(_registry)


def shareable_target(content_type, object_id):
    """The object a new link would point at, if it exists and its kind can be shared; else None."""
    model = content_type.model_class() if content_type else None
    if model not in _registry or not object_id:
        return None
    return model._default_manager.filter(pk=object_id).first()


def add_link_url(user, obj) -> str | None:
    """The admin address that starts a share link for `obj`, for users who may make one."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    if (
        obj is None
        or not obj.pk
        or type(obj) not in _registry
        or not user.has_perm("sharing.add_sharelink")
    ):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        reverse("admin:sharing_sharelink_add")
        + f"?content_type={content_type.pk}&object_id={obj.pk}"
    )
