"""The public page cache (core/cache.py) in one process: what is kept, for whom, and for how long.

The cache is switched off for the rest of the suite (tests/conftest.py); here it is on, in the local
memory cache. tests/test_page_cache_processes.py runs two server processes on Redis.
"""

import io
import re
import time
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.cache import ENTRY_PREFIX, GENERATION_KEY, _key, next_moment_query, page_cache_bump
from core.models import Status, Transition
from core.services import publishable_transition
from sharing.models import ShareLink
from sharing.services import sharelink_create
from tests import test_embargo_walk as embargo_walk
from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db
# The embargo walk's fixture: one release and everything that shows it, 보도시점 2030-03-02 06:00.
embargoed = embargo_walk.embargoed


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def _state(response):
    return response.get("X-Page-Cache")


def test_anonymous_reads_are_served_from_the_cache_without_queries(django_assert_num_queries):
    article = make_article(headline="캐시에 담기는 보도자료")
    url = reverse("articles:list")
    first = _get(Client(), url)
    assert first.status_code == 200 and _state(first) == "miss"
    assert article.headline in first.text
    with django_assert_num_queries(0):
        again = _get(Client(), url)
    assert _state(again) == "hit" and article.headline in again.text
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert "Cookie" in again["Vary"] and "Accept-Language" in again["Vary"]
    assert "private" not in again["Cache-Control"]
    for route in (
        reverse("home"),
        article.get_absolute_url(),
        reverse("feed-rss"),
        reverse("feed-atom"),
        reverse("sitemap"),
        reverse("sitemap-section", args=["releases"]),
        reverse("events:list"),
        reverse("spokespeople:list"),
        reverse("search") + "?q=보도자료",
    ):
        assert _state(_get(Client(), route)) == "miss", route
        assert _state(_get(Client(), route)) == "hit", route


def test_query_order_does_not_matter_but_values_do():
    make_article()
    url = reverse("articles:list")
    assert _state(_get(Client(), url + "?page=1&kind=release")) == "miss"
    assert _state(_get(Client(), url + "?kind=release&page=1")) == "hit"
    assert _state(_get(Client(), url + "?kind=release&page=2")) == "miss"


def test_a_change_clears_the_pages_once_it_commits(
    editor, django_capture_on_commit_callbacks, settings
):
    make_article(headline="먼저 나온 보도자료")
    waiting = make_article(status=Status.APPROVED, headline="새로 게시되는 보도자료", contacts=1)
    url = reverse("articles:list")
    _get(Client(), url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishable_transition(obj=waiting, move=Transition.PUBLISH, by=editor)
    # Not committed yet (the test's transaction stands for it): the cached page stays.
    before = _get(Client(), url)
    assert _state(before) == "hit" and waiting.headline not in before.text
    assert callbacks
    for callback in callbacks:
        callback()
    after = _get(Client(), url)
    assert _state(after) == "miss" and waiting.headline in after.text


def test_withdrawal_and_deletion_leave_every_cached_page(
    editor, django_capture_on_commit_callbacks
):
    article = make_article(headline="곧 게시 중단될 보도자료", contacts=1)
    urls = [
        reverse("home"),
        reverse("articles:list"),
        reverse("feed-rss"),
        reverse("feed-atom"),
        reverse("sitemap-section", args=["releases"]),
    ]
    for url in urls:
        assert article.slug in _get(Client(), url).text, url
        assert _state(_get(Client(), url)) == "hit"
    assert _state(_get(Client(), article.get_absolute_url())) == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        publishable_transition(obj=article, move=Transition.UNPUBLISH, by=editor)
    for url in urls:
        page = _get(Client(), url)
        assert _state(page) == "miss" and article.headline not in page.text, url
        assert article.slug not in page.text, url
    gone = _get(Client(), article.get_absolute_url())
    assert gone.status_code == 404 and _state(gone) == "skip"

    other = make_article(headline="삭제될 보도자료")
    page_cache_bump()  # the factory writes the row without the signals the newsroom sends
    assert other.headline in _get(Client(), reverse("articles:list")).text
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert other.headline not in _get(Client(), reverse("articles:list")).text


def test_staff_previews_and_share_link_visitors_bypass_the_cache(editor, editor_client):
    public = make_article(headline="공개 보도자료")
    draft = make_article(status=Status.DRAFT, headline="미리보기 초안")
    staff = editor_client.get(public.get_absolute_url())
    assert staff.status_code == 200 and _state(staff) == "bypass"
    preview = editor_client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and _state(preview) == "bypass"
    assert "private" in preview["Cache-Control"]
    # Nothing staff saw was kept: the public gets a fresh page, and the draft stays a 404.
    assert _state(_get(Client(), public.get_absolute_url())) == "miss"
    assert _get(Client(), draft.get_absolute_url()).status_code == 404

    embargoed = make_article(release_in=timedelta(hours=6), headline="엠바고 공유 보도자료")
    token = sharelink_create(
        link=ShareLink(
            target=embargoed, recipient_name="김기자", recipient_organisation="대구일보"
        ),
        by=editor,
    )
    journalist = Client()
    assert journalist.get(f"/share/{token}/").status_code == 200
    assert _state(journalist.get(reverse("articles:list"))) == "bypass"
    assert _state(journalist.get(public.get_absolute_url())) == "bypass"
    kit = journalist.get(reverse("presskits:release", args=[embargoed.pk]))
    assert kit.status_code == 200 and _state(kit) == "bypass"
    # A visitor without the session meets the public rule.
    assert _get(Client(), reverse("presskits:release", args=[embargoed.pk])).status_code == 404


def test_post_and_private_responses_are_not_kept(client):
    make_article()
    url = reverse("articles:list")
    assert "X-Page-Cache" not in client.post(url)
    assert _state(_get(Client(), "/releases/no-such-release/")) == "skip"
    assert _state(_get(Client(), "/releases/no-such-release/")) == "skip"


def test_conditional_requests_get_304_until_the_page_changes(
    editor, django_capture_on_commit_callbacks
):
    make_article(headline="조건부 요청 보도자료")
    url = reverse("articles:list")
    first = _get(Client(), url)
    etag, modified = first["ETag"], first["Last-Modified"]
    for headers in ({"if-none-match": etag}, {"if-modified-since": modified}):
        not_modified = _get(Client(), url, **headers)
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified["ETag"] == etag
    waiting = make_article(status=Status.APPROVED, headline="나중 보도자료", contacts=1)
    with django_capture_on_commit_callbacks(execute=True):
        publishable_transition(obj=waiting, move=Transition.PUBLISH, by=editor)
    # Even within the same second, the changed page has a later Last-Modified and another ETag.
    changed_by_etag = _get(Client(), url, **{"if-none-match": etag})
    changed_by_date = _get(Client(), url, **{"if-modified-since": modified})
    assert changed_by_etag.status_code == 200 and changed_by_date.status_code == 200
    assert changed_by_etag["ETag"] != etag and waiting.headline in changed_by_etag.text


def test_each_language_has_its_own_entry():
    make_article()
    home = reverse("home")
    korean = _get(Client(), home)
    assert '<html lang="ko">' in korean.text and _state(korean) == "miss"
    english = _get(Client(), home, **{"accept-language": "en"})
    assert '<html lang="en">' in english.text and _state(english) == "miss"
    assert english["Content-Language"] == "en"
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "en"
    again = by_cookie.get(home)
    assert '<html lang="en">' in again.text and _state(again) == "hit"
    assert '<html lang="ko">' in _get(Client(), home).text


def test_reading_public_pages_sets_no_cookie():
    """No public page holds a form that needs a CSRF token (the language choice is a link): a
    reader is given no cookie by reading, and every cached page is served as it was stored."""
    article = make_article()
    for url in (reverse("home"), reverse("articles:list"), article.get_absolute_url()):
        _get(Client(), url)
        page = _get(Client(), url)
        assert _state(page) == "hit" and not page.cookies, url
        assert "csrfmiddlewaretoken" not in page.text


@pytest.mark.urls("tests.page_cache_urls")
def test_a_cached_page_with_a_form_hands_each_visitor_a_working_csrf_token(monkeypatch):
    """A public page with a POST form (none today) may still be cached: the token is cut out of
    the stored page and each visitor gets one of their own, with its cookie."""
    from core import cache as page_cache

    monkeypatch.setitem(page_cache.CACHED_ROUTES, "form-page", None)
    Client().get("/form-page/")  # stores it
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/form-page/")
    assert _state(page) == "hit" and "csrftoken" in page.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page.text)[1]
    other = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', Client().get("/form-page/").text
    )[1]
    assert token != other
    posted = reader.post("/form-page/", {"csrfmiddlewaretoken": token})
    assert posted.status_code == 200
    assert Client(enforce_csrf_checks=True).post("/form-page/").status_code == 403


def test_the_language_link_remembers_the_choice_and_returns_to_the_page():
    article = make_article()
    page = article.get_absolute_url()
    link = Client().get(page).text
    assert f'href="/language/en/?next={page}"' in link
    switched = Client().get("/language/en/", {"next": page})
    assert switched.status_code == 302 and switched["Location"] == page
    assert switched.cookies["django_language"].value == "en"
    assert "no-store" in switched["Cache-Control"]
    # Elsewhere is not a place to return to; an unknown language is not a language.
    away = Client().get("/language/en/", {"next": "https://elsewhere.example/"})
    assert away["Location"] == reverse("home")
    assert Client().get("/language/xx/").status_code == 404
    english = Client()
    english.cookies["django_language"] = "en"
    assert '<html lang="en">' in english.get(page).text


def test_an_entry_never_outlives_the_next_release_time(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    make_article(headline="지금 공개")
    embargoed = make_article(release_in=timedelta(minutes=30), headline="30분 뒤 공개")
    assert next_moment_query(timezone.now().timestamp()) == embargoed.release_at.timestamp()
    url = reverse("articles:list")
    page = _get(Client(), url)
    assert _state(page) == "miss" and embargoed.headline not in page.text
    entry = cache.get(ENTRY_PREFIX + _key(page.wsgi_request))
    assert entry["expires"] == embargoed.release_at.timestamp()
    with time_machine.travel(embargoed.release_at - timedelta(seconds=1)):
        assert _state(_get(Client(), url)) == "hit"
    with time_machine.travel(embargoed.release_at + timedelta(seconds=1)):
        after = _get(Client(), url)
        assert _state(after) == "miss" and embargoed.headline in after.text


def test_an_upcoming_event_leaves_the_list_when_it_ends(settings):
    settings.PAGE_CACHE_SECONDS = 6 * 3600
    event = make_event(title="곧 끝나는 행사", starts_in=timedelta(hours=-1))
    ends = event.sessions.get().ends_at
    assert next_moment_query(timezone.now().timestamp()) == ends.timestamp()
    url = reverse("events:list")
    _get(Client(), url)
    entry = cache.get(ENTRY_PREFIX + _key(_get(Client(), url).wsgi_request))
    assert entry["expires"] == ends.timestamp()


def test_without_a_future_moment_the_page_cache_lifetime_applies(settings):
    settings.PAGE_CACHE_SECONDS = 120
    make_article()
    assert next_moment_query(timezone.now().timestamp()) is None
    page = _get(Client(), reverse("articles:list"))
    entry = cache.get(ENTRY_PREFIX + _key(page.wsgi_request))
    assert 0 < entry["expires"] - timezone.now().timestamp() <= 120
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        assert _state(_get(Client(), reverse("articles:list"))) == "miss"


def test_generation_lost_from_the_cache_means_every_page_is_stale():
    make_article()
    url = reverse("articles:list")
    _get(Client(), url)
    cache.delete(GENERATION_KEY)
    assert _state(_get(Client(), url)) == "miss"
    assert _state(_get(Client(), url)) == "hit"


def test_cache_off_means_no_cache(settings):
    settings.PAGE_CACHE = False
    make_article()
    page = _get(Client(), reverse("articles:list"))
    assert "X-Page-Cache" not in page and "ETag" not in page


def test_every_surface_cached_before_a_release_time_shows_the_release_after_it(embargoed):
    """The embargo walk (tests/test_embargo_walk.py) with the cache on: every public surface, read
    twice one second before 보도시점 (the second time from the cache), then once just after."""
    surfaces, visible = embargo_walk._surfaces(embargoed), embargo_walk._visible
    reader = Client()
    kst = embargo_walk.KST
    with time_machine.travel(datetime(2030, 3, 2, 5, 59, 59, tzinfo=kst), tick=False):
        for _ in range(2):
            leaks = [name for name, (url, text) in surfaces.items() if visible(reader, url, text)]
            assert leaks == [], f"visible before 보도시점: {leaks}"
        assert _state(reader.get(reverse("articles:list"))) == "hit"
    with time_machine.travel(datetime(2030, 3, 2, 6, 0, 1, tzinfo=kst)):
        missing = [name for name, (url, text) in surfaces.items() if not visible(reader, url, text)]
        assert missing == [], f"still hidden after 보도시점: {missing}"


def test_a_process_keeps_recent_pages_within_its_memory_bound():
    """The entries a process keeps beside the shared cache are bounded in bytes, oldest out."""
    from core.cache import _RecentEntries

    def entry(size):
        return {"parts": [b"x" * size], "generation": "g", "expires": time.time() + 60}

    recent = _RecentEntries(most_bytes=1000)
    recent.put("a", entry(400))
    recent.put("b", entry(400))
    assert recent.get("a") is not None  # "a" is now the most recently used
    recent.put("c", entry(400))
    assert recent.get("b") is None and recent.get("a") and recent.get("c")
    recent.put("huge", entry(5000))  # larger than the bound: never kept
    assert recent.get("huge") is None and recent.size == 800
    recent.put("a", entry(100))  # replacing an entry counts its new size only
    assert recent.size == 500


def test_a_change_made_outside_the_admin_is_shown_after_clear_page_cache():
    """A shell or SQL edit sends no signal: `manage.py clear_page_cache` is how it reaches readers."""
    from django.core.management import call_command

    article = make_article(headline="셸에서 고칠 보도자료")
    url = article.get_absolute_url()
    _get(Client(), url)
    type(article).objects.filter(pk=article.pk).update(headline="셸에서 고친 보도자료")
    stale = _get(Client(), url)
    assert _state(stale) == "hit" and "고칠" in stale.text
    call_command("clear_page_cache", stdout=io.StringIO())
    fresh = _get(Client(), url)
    assert _state(fresh) == "miss" and "고친" in fresh.text
