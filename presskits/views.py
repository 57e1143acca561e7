"""Press kit pages and downloads. Everything served here was built and stored by the task worker.

A kit is reachable exactly when what it belongs to is: a public release, event or curated kit; a
staff preview; or a visitor who opened a share link for it. Downloads send the stored file after
that check and never build anything.
"""

from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Kind
from core.filenames import ascii_name, content_disposition
from core.media import serve_stored
from core.seo import PageMeta, summary
from core.views import get_visible_or_404, mark_private
from events.models import Event
from presskits.models import KitBuild, PressKit
from presskits.services import kit_build_for, kit_builds_request, kit_page_path
from sharing.services import sharelink_record_kit, visitor_holds_link

RETRY_SECONDS = 15
# How long the newsroom's own nginx may answer repeat downloads of a public kit without asking.
KIT_SHARED_SECONDS = 60


def _owner(request, target, key):
    """(owner, private) for a kit address, under the owner's own public rule."""
    if target == "presskit":
        queryset, perm, lookup = PressKit.objects.all(), "presskits.view_presskit", {"slug": key}
    elif target == "release":
        queryset, perm = Article.objects.exclude(kind=Kind.COVERAGE), "articles.view_article"
        lookup = {"pk": key}
    else:
        queryset, perm, lookup = Event.objects.all(), "events.view_event", {"pk": key}
    try:
        return get_visible_or_404(request, queryset, perm, **lookup)
    except Http404:
        owner = queryset.filter(**lookup).first()
        if owner is not None and visitor_holds_link(request, owner):
            return owner, True
        raise


def _route(target, name):
    prefix = "" if target == "presskit" else f"{target}_"
    return f"presskits:{prefix}{name}"


def _key(owner):
    return owner.slug if isinstance(owner, PressKit) else owner.pk


def _private(response, private):
    return mark_private(response) if private else response


def kit_page(request, target, key, share_link=None):
    if share_link is not None:
        owner, private = share_link.target, True
    else:
        owner, private = _owner(request, target, key)
    build = kit_build_for(owner)
    title = owner.title if isinstance(owner, PressKit) else getattr(owner, "headline", None)
    title = title or owner.full_title
    ready = build is not None and build.ready
    key = _key(owner)
    files = list(build.files.select_related("photo")) if ready else []
    for file in files:
        file.url = reverse(_route(target, "file"), args=[key, file.pk, file.name])
    context = {
        "owner": owner,
        "target": target,
        "title": title,
        "build": build if ready else None,
        "files": files,
        "download_url": reverse(_route(target, "download"), args=[key]),
        "articles": [owner] if isinstance(owner, Article) else list(_kit_articles(owner)),
        "meta": PageMeta(
            title=_("%(title)s 보도자료 키트") % {"title": title},
            description=summary(getattr(owner, "summary", "") or getattr(owner, "lead", ""))
            or _("보도자료, 사진, 발언, 행사 정보를 한 번에 받는 보도자료 키트"),
            path=kit_page_path(build) if build else request.path,
        ),
        "is_preview": private,
        "share_link": share_link,
        "embargoed_until": _embargoed_until(owner) if private else None,
        "retry_seconds": RETRY_SECONDS,
    }
    response = render(request, "presskits/presskit_detail.html", context)
    if not ready:
        response["Retry-After"] = str(RETRY_SECONDS)
        response["Cache-Control"] = "no-cache"
    return _private(response, private)


def _embargoed_until(owner):
    """The latest 보도시점 still ahead among the owner and what a curated kit holds, or None."""
    moments = [owner.release_at]
    if isinstance(owner, PressKit):
        moments += [
            owner.articles.aggregate(latest=Max("release_at"))["latest"],
            owner.events.aggregate(latest=Max("release_at"))["latest"],
        ]
    ahead = [m for m in moments if m is not None and m > timezone.now()]
    return max(ahead) if ahead else None


def _kit_articles(owner):
    if isinstance(owner, PressKit):
        return owner.articles.exclude(kind=Kind.COVERAGE).order_by("-release_at")
    return Article.objects.none()


def _not_ready(request):
    response = render(
        request,
        "presskits/kit_not_ready.html",
        {
            "retry_seconds": RETRY_SECONDS,
            "meta": PageMeta(
                title=_("키트를 만드는 중입니다"),
                description=_("최신 내용으로 보도자료 키트를 새로 만들고 있습니다."),
                path=request.path,
            ),
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _stored(request, *, name, size, sha256, modified, filename, fallback, content_type, private):
    """A stored file, with validators: a repeat request for the same bytes gets 304.

    Handed out by nginx or the object store where configured (core.media); None if it is missing.
    """
    try:
        return serve_stored(
            request,
            name,
            content_type=content_type,
            disposition=content_disposition(filename, ascii_fallback=fallback),
            private=private,
            # Shared caches may keep it but must ask again each time (a 304 is cheap): a
            # withdrawal or a new build is seen at once, except by the newsroom's own nginx,
            # which may answer repeat downloads for a minute without asking (core.media).
            public_max_age=0,
            shared_max_age=KIT_SHARED_SECONDS,
            etag=sha256,
            last_modified=modified,
            size=size,
            verify=True,
        )
    except OSError:
        return None


def _ready_build(owner) -> KitBuild | None:
    build = kit_build_for(owner)
    return build if build is not None and build.ready else None


def _lost(owner):
    """A stored file went missing (storage restored from an old backup, say): rebuild the kit."""
    field = {Article: "article", Event: "event", PressKit: "presskit"}[type(owner)]
    kit_builds_request({field: {owner.pk}})


def kit_download(request, target, key):
    owner, private = _owner(request, target, key)
    build = _ready_build(owner)
    if build is None:
        return _not_ready(request)
    response = _stored(
        request,
        name=build.zip_name,
        size=build.zip_size,
        sha256=build.zip_sha256,
        modified=build.built_at,
        filename=build.download_name,
        fallback=ascii_name(build.download_name.rsplit(".", 1)[0], "zip", on=None),
        content_type="application/zip",
        private=private,
    )
    if response is None:
        _lost(owner)
        return _not_ready(request)
    if not isinstance(owner, PressKit):
        sharelink_record_kit(request, owner)  # for the distribution report
    return response


def kit_file(request, target, key, file_id, name):
    owner, private = _owner(request, target, key)
    build = _ready_build(owner)
    if build is None:
        return _not_ready(request)
    file = get_object_or_404(build.files, pk=file_id)
    if file.name != name:
        raise Http404
    response = _stored(
        request,
        name=file.storage_name,
        size=file.size,
        sha256=file.sha256,
        modified=build.built_at,
        filename=file.name,
        fallback=ascii_name(file.name.rsplit(".", 1)[0], file.format.lower(), on=None),
        content_type=file.content_type,
        private=private,
    )
    if response is None:
        _lost(owner)
        return _not_ready(request)
    return response


def kit_list(request):
    """Public kits, newest first: curated kits, releases and events whose kit is stored."""
    builds = (
        KitBuild.objects.public()
        .select_related("article", "event", "presskit")
        .annotate(
            released=Coalesce("article__release_at", "event__release_at", "presskit__release_at")
        )
        .order_by("-released", "-pk")
    )
    page = Paginator(builds, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "meta": PageMeta(
            title=_("보도자료 키트"),
            description=_("보도자료, 사진, 발언, 행사 정보를 한 번에 받는 보도자료 키트 목록"),
            path=request.path,
        ),
    }
    return render(request, "presskits/presskit_list.html", context)


def render_for_share_link(request, kit, link):
    return kit_page(request, "presskit", kit.slug, share_link=link)
