"""Anonymous public pages served from the shared cache (Redis with `REDIS_URL`, else process memory).

What is kept: the 200 responses of the routes in `CACHED_ROUTES` to a GET from a visitor who carries
no session (so no staff, no preview, no share link: all of them need a session) and no pending
message, keyed by scheme, host, path, sorted query and the language LocaleMiddleware chose. A view's
own `Cache-Control: private / no-store / no-cache` (previews, share-link pages, a kit still being
built), a cookie set by the view, a session written to, or a `Vary` on anything but the language and
cookies keeps the response out. Each process also keeps the entries it served last (16 MiB), so a
hit reads only the generation token from the shared cache, not the whole page.

How an entry goes stale:
- A change: every `core.signals.content_changed` (admin saves, workflow moves one by one or in bulk,
  restores, share links), every admin log line (saves and deletions of anything in the admin) and
  every deletion of an admin-registered or publishable row replaces the cache's generation token
  once the transaction commits. An entry records the token read before its page was rendered and
  counts only while that token is current, so a page rendered from rows older than the commit can
  never be served after it, in any process sharing the cache.
- Time: an entry never outlives the next moment at which the public rule changes its answer: the next
  future `release_at` of a published item of any `PublishableModel` and the next time in
  `settings.PAGE_CACHE_MOMENTS` (event sessions starting and ending: "upcoming" lists). That moment
  is one query, cached under the generation.
- Otherwise after `PAGE_CACHE_SECONDS` (or less for routes fed by the task worker, whose results
  send no signal).

No public page holds a CSRF token today (the footer's language choice is a link); a page that does
is stored with the token cut out, and each visitor served from the cache gets a token of their own,
and the cookie with it.
Cached responses carry `ETag` and `Last-Modified` and answer conditional requests with 304.
"""

import hashlib
import logging
import math
import re
import threading
import time
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from core.models import PublishableModel, Status
from core.signals import content_changed

logger = logging.getLogger(__name__)

# URL names of the public pages kept in the cache, with the longest life (seconds) of an entry
# there; None: PAGE_CACHE_SECONDS. Photo files, attachments and kit downloads are not pages.
CACHED_ROUTES = {
    "home": None,
    "articles:list": None,
    "articles:detail": None,
    "events:list": None,
    "events:detail": None,
    "events:ics": None,
    "events:calendar": None,
    "spokespeople:list": None,
    "spokespeople:detail": None,
    "spokespeople:vcard": None,
    "presskits:release": None,
    "presskits:event": None,
    "presskits:detail": None,
    "feed-rss": None,
    "feed-atom": None,
    "feed-category-rss": None,
    "feed-category-atom": None,
    "robots": None,
    # The search index and kit builds are brought up to date by tasks after a change commits, and
    # their completion sends no signal: these pages may lag that long behind them, no longer.
    "search": 60,
    "presskits:list": 60,
    "sitemap": 60,
    "sitemap-section": 60,
}
# The response varies with these and nothing else (a session or messages cookie is never cached).
VARY = ("Accept-Language", "Cookie")
GENERATION_KEY = "page:generation"
ENTRY_PREFIX = "page:v1:"
NEXT_MOMENT_PREFIX = "page:next:"
# Entries stay in the cache this long past their end, so the next one for the same address knows
# the Last-Modified it must exceed.
GRACE_SECONDS = 60
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NO_STORE = {"private", "no-store", "no-cache"}


# The generation: replaced after every committed change.


def page_cache_bump():
    """Make every cached page stale, in every process sharing the cache."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("page cache: the generation could not be replaced")


def _bump_after_commit(**kwargs):
    # After the commit: a process that renders between a bump and the commit would otherwise store
    # the old rows under the new generation.
    transaction.on_commit(page_cache_bump, robust=True)


def connect_invalidation():
    """Called from CoreConfig.ready(), in every process (web, task worker, management commands)."""
    from django.contrib import admin
    from django.contrib.admin.models import LogEntry

    content_changed.connect(_bump_after_commit, dispatch_uid="core.cache.content_changed")
    # Every admin save and deletion writes a log line; bulk deletions of several rows write them
    # without signals, so deletions are watched on the models themselves too (admin autodiscovery
    # has run: django.contrib.admin comes first in INSTALLED_APPS).
    post_save.connect(_bump_after_commit, sender=LogEntry, dispatch_uid="core.cache.logentry")
    for model in apps.get_models():
        if issubclass(model, PublishableModel) or admin.site.is_registered(model):
            post_delete.connect(
                _bump_after_commit,
                sender=model,
                dispatch_uid=f"core.cache.delete.{model._meta.label_lower}",
            )


def _generation(generation):
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# The next moment at which a page may change by itself.


def _moment_querysets(now):
    for model in apps.get_models():
        if issubclass(model, PublishableModel):
            yield (
                model._default_manager.filter(status=Status.PUBLISHED, release_at__gte=now)
                .order_by("release_at")
                .values_list("release_at", flat=True)[:1]
            )
    for name in getattr(settings, "PAGE_CACHE_MOMENTS", ()):
        label, field = name.rsplit(".", 1)
        yield (
            apps.get_model(label)
            ._default_manager.filter(**{f"{field}__gte": now})
            .order_by(field)
            .values_list(field, flat=True)[:1]
        )


def next_moment_query(after):
    """The first time (epoch seconds) at or after `after` at which the public rule may change a
    page, or None. (At: a page rendered at that very moment may show either side of it.)

    One statement, `SELECT (first future release_at), (first future session start), ...`, each part
    an index range scan of one row.
    """
    now = datetime.fromtimestamp(after, UTC)
    parts, params = [], []
    for queryset in _moment_querysets(now):
        sql, part_params = queryset.query.get_compiler(using=queryset.db).as_sql()
        parts.append(f"({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    moments = [_timestamp(value) for value in row if value is not None]
    return min(moments) if moments else None


def _timestamp(value):
    if isinstance(value, str):  # SQLite hands raw subquery columns back as text, in UTC
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def next_moment(generation, after):
    """`next_moment_query(after)`, kept in the cache under the generation until the moment passes.

    A kept answer was found at some time `basis`: it holds for any `after` between `basis` and the
    moment. A page whose rendering started before `basis` asks the database again, since a moment
    between its start and `basis` would be missing from the kept answer.
    """
    key = NEXT_MOMENT_PREFIX + generation
    kept = cache.get(key)
    if kept is not None:
        basis, moment = kept
        if basis <= after and (moment is None or moment >= after):
            return moment
    moment = next_moment_query(after)
    lifetime = settings.PAGE_CACHE_SECONDS
    if moment is not None:
        lifetime = max(1, min(lifetime, math.ceil(moment - time.time())))
    cache.set(key, (after, moment), timeout=lifetime)
    return moment


# The entries this process served last, so that a hit reads only the generation from the shared
# cache (a few bytes) instead of the whole page each time. An entry here counts exactly as one read
# from the shared cache would: only under the current generation and before its end.


class _RecentEntries:
    def __init__(self, most_bytes):
        self.most_bytes = most_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = sum(len(part) for part in entry["parts"])
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= sum(len(part) for part in old["parts"])
            if size > self.most_bytes:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.most_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= sum(len(part) for part in dropped["parts"])


_recent = _RecentEntries(most_bytes=16 * 1024 * 1024)


# The middleware.


class PageCacheMiddleware:
    """Serves and stores the public pages. Placed after the session, locale and CSRF middleware
    (it reads the chosen language and hands out CSRF tokens) and before authentication (a visitor
    without a session is anonymous, and a cached page is served without loading anything else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE", False) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        lifetime = _route_lifetime(request)
        if lifetime is None:
            return self.get_response(request)
        if not _anonymous_read(request):
            return _mark(self.get_response(request), "bypass")
        key = ENTRY_PREFIX + _key(request)
        try:
            generation = _generation(cache.get(GENERATION_KEY))
            entry = _recent.get(key)
            if not _current(entry, generation):
                entry = cache.get(key)
                if _current(entry, generation):
                    _recent.put(key, entry)
        except Exception:
            logger.exception("page cache: lookup failed")
            return _mark(self.get_response(request), "bypass")
        if _current(entry, generation):
            return _mark(_serve(request, entry), "hit")
        if request.method != "GET":
            return _mark(self.get_response(request), "bypass")
        started = time.time()
        response = self.get_response(request)
        stored = _store(request, response, key, generation, entry, started, lifetime)
        if stored is None:
            return _mark(response, "skip")
        _recent.put(key, stored)
        return _mark(_serve(request, stored), "miss")


def _route_lifetime(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in CACHED_ROUTES:
        return None
    return min(CACHED_ROUTES[match.view_name] or math.inf, settings.PAGE_CACHE_SECONDS)


def _anonymous_read(request):
    """A reader with no session (staff, previews and share links all need one) and no pending
    message."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request):
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        query,
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8", "backslashreplace")).hexdigest()


def _current(entry, generation):
    return (
        entry is not None and entry["generation"] == generation and time.time() < entry["expires"]
    )


def _mark(response, state):
    patch_vary_headers(response, VARY)
    response["X-Page-Cache"] = state
    return response


def _store(request, response, key, generation, previous, started, lifetime):
    """Store `response` if it may be shared; return the entry, or None when it was not stored."""
    parts = _shareable_parts(request, response)
    if parts is None:
        return None
    try:
        if cache.get(GENERATION_KEY) != generation:
            return None  # something changed while this page was rendered: it may show the old rows
        expires = started + lifetime
        moment = next_moment(generation, started)
        if moment is not None:
            expires = min(expires, moment)
        now = time.time()
        if expires <= now:
            return None
        digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]
        etag = f'W/"{digest}"' if len(parts) > 1 else f'"{digest}"'
        # Last-Modified moves forward whenever the content of this address changes, even twice in
        # one second, so If-Modified-Since never matches a copy of other content.
        modified = int(now)
        if previous is not None:
            same = previous["etag"] == etag
            modified = previous["modified"] if same else max(modified, previous["modified"] + 1)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("content-length", "etag", "last-modified", "x-page-cache")
        ]
        if not response.has_header("Cache-Control"):
            # Browsers ask again every time (a 304 is cheap), so a withdrawal is seen at once.
            headers.append(("Cache-Control", "no-cache"))
        entry = {
            "generation": generation,
            "expires": expires,
            "headers": headers,
            "parts": parts,
            "etag": etag,
            "modified": modified,
        }
        cache.set(key, entry, timeout=math.ceil(expires - now) + GRACE_SECONDS)
    except Exception:
        logger.exception("page cache: store failed")
        return None
    return entry


def _shareable_parts(request, response):
    """The response's body split around its CSRF tokens, or None if it must not be shared."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    directives = {
        part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
    }
    if directives & NO_STORE:
        return None
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if varies - {name.lower() for name in VARY}:
        return None
    content = response.content
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return [content]
    # The page holds this visitor's CSRF token: cut every copy out, and share the page only if no
    # copy is left anywhere else in it.
    tokens = set(CSRF_FIELD.findall(content))
    parts = CSRF_FIELD.split(content)[::2]
    if not tokens or any(token in part for token in tokens for part in parts):
        return None
    return parts


def _serve(request, entry):
    response = HttpResponse(status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["modified"])
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["modified"], response=response
    )
    if conditional is not response:
        return conditional
    parts = entry["parts"]
    if len(parts) == 1:
        response.content = parts[0]
    else:
        # A fresh token for this visitor in each field; CsrfViewMiddleware sets its cookie.
        body = [parts[0]]
        for part in parts[1:]:
            body += [b'name="csrfmiddlewaretoken" value="%s"' % get_token(request).encode(), part]
        response.content = b"".join(body)
    return response
