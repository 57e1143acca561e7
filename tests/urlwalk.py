"""Every URL pattern of the project, read from the resolver, so a walk cannot forget a new view."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Patterns only staff reach (the admin) and Django's language switch: no item is ever shown there.
NOT_PUBLIC_PREFIXES = ("admin/",)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", as reverse() takes it
    route: str  # the pattern as written, e.g. "releases/<str:slug>/"
    converters: tuple[str, ...]  # parameter names, in order


def _walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            spaces = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), spaces)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = ":".join([*namespaces, pattern.name or ""])
            yield Route(name, route, tuple(pattern.pattern.converters))


def public_routes() -> list[Route]:
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.route.startswith(NOT_PUBLIC_PREFIXES)
    ]
