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
