"""The stored kit of a release or event, for the page a share-link holder sees.

Content apps sit below presskits and cannot import it; their templates load this library instead.
It reads what the task worker stored and builds nothing. Access to the files themselves is decided
by the download views (public, staff preview or an opened share link), not here.
"""

from django import template
from django.urls import reverse

from articles.models import Article, Kind
from events.models import Event
from presskits.models import KitBuild, KitTarget

register = template.Library()

OWNERS = {Article: ("article", KitTarget.RELEASE), Event: ("event", KitTarget.EVENT)}


@register.simple_tag
def kit_of(owner):
    """{"ready", "download_url", "page_url", "build", "files"} for `owner`'s kit, or None.

    None when the item has no kit (언론보도, or no build was ever asked for). `files` carry `url`.
    Two queries: the build, and its files when it is ready.
    """
    if type(owner) not in OWNERS or getattr(owner, "kind", "") == Kind.COVERAGE:
        return None
    field, target = OWNERS[type(owner)]
    build = KitBuild.objects.filter(**{field: owner}).first()
    if build is None:
        return None
    files = list(build.files.all()) if build.ready else []
    for file in files:
        file.url = reverse(f"presskits:{target}_file", args=[owner.pk, file.pk, file.name])
    return {
        "ready": build.ready,
        "build": build,
        "files": files,
        "download_url": reverse(f"presskits:{target}_download", args=[owner.pk]),
        "page_url": reverse(f"presskits:{target}", args=[owner.pk]),
    }
