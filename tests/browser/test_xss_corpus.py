"""The XSS corpus, posted by a writer through the admin forms, must run nowhere a reader or editor looks.

A writer posts every payload of tests/xss_payloads.py into the fields they can reach (many payloads per
field, the longer fields taking the whole corpus), an editor publishes, and headless Chromium opens the
public pages, the admin change pages, the feeds and the press kit's offline index.html. An init script
defines the functions payloads call and reports each call; dialogs are caught; the DOM is searched for
handlers and `javascript:` / `data:` addresses a click would follow. Every page is opened twice: with the
Content Security Policy, and without it, so the sanitiser and the templates alone must hold.
"""

import io
import re
import tempfile
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleContact
from core.models import Transition
from core.services import publishable_transition
from events.models import Event
from photos.models import Photo
from presskits.archive import presskit_stream
from presskits.contents import contents_for_items
from search.services import search_index_item
from tests.factories import jpeg_bytes, make_contact, make_person
from tests.forms import form_data
from tests.pages import PAGE_TYPES
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

RELEASES = 4
LIGHT_RELEASES = (
    30  # short fields only: more of the corpus through headline, department, reporter...
)
SLUG_TRIES = 10
EVENTS = 2
PHOTOS = 24
QUOTES_PER_RELEASE = 8
ATTACHMENTS_PER_RELEASE = 12
SESSIONS_PER_EVENT = 8
FACTS_PER_EVENT = 16
EDITOR_UPLOADS = 6

HOOK = """
(() => {
  const report = (how, detail) => console.log("XSS-HIT " + how + " " + String(detail));
  window.xss = (n) => report("xss", n);
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (n) => report(name, n);
  }
  document.addEventListener("securitypolicyviolation", (e) =>
    console.log("CSP-VIOLATION " + e.effectiveDirective + " " + e.blockedURI)
  );
})();
"""

# What a click or the parser could still run: handlers, script-bearing addresses, frames and the like.
DOM_CHECK = """
() => {
  const found = [];
  const addressAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "background",
                        "poster", "lowsrc", "dynsrc", "codebase", "to", "values", "from", "by"];
  const squash = (v) => v.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(el.tagName + " " + name);
      if (name === "srcdoc") found.push(el.tagName + " srcdoc");
      if (addressAttrs.includes(name)) {
        const value = squash(attr.value);
        if (/^(javascript|vbscript|livescript):/.test(value)) found.push(el.tagName + " " + name + "=" + value);
        if (/^data:/.test(value) && !(el.tagName === "IMG" && /^data:image\\/(png|gif|jpeg|webp)/.test(value))) {
          found.push(el.tagName + " " + name + "=" + value.slice(0, 40));
        }
      }
    }
    if (["IFRAME", "FRAME", "OBJECT", "EMBED", "APPLET", "BASE"].includes(el.tagName)) found.push(el.tagName);
    if (el.tagName === "META" && el.getAttribute("http-equiv")) found.push("META http-equiv");
  }
  return found;
}
"""


class Corpus:
    """Hands out the payloads in field-sized pieces and remembers which field saw which payload."""

    def __init__(self):
        self.seen: dict[str, set[int]] = {}
        self.cursor: dict[str, int] = {}

    def take(self, field, capacity=None, share=None):
        """The next payloads for `field`: as many as fit in `capacity` characters, or `share` of them."""
        start = self.cursor.get(field, 0)
        picked, length = [], 0
        index = start
        while index < start + len(PAYLOADS):
            payload = PAYLOADS[index % len(PAYLOADS)]
            if share is not None and len(picked) >= share:
                break
            if capacity is not None and length + len(payload) + 1 > capacity:
                break
            picked.append(index % len(PAYLOADS))
            length += len(payload) + 1
            index += 1
        self.cursor[field] = index
        self.seen.setdefault(field, set()).update(picked)
        return " ".join(PAYLOADS[i] for i in picked)

    def _part(self, field, parts, part):
        chosen = range(part * len(PAYLOADS) // parts, (part + 1) * len(PAYLOADS) // parts)
        self.seen.setdefault(field, set()).update(chosen)
        return [PAYLOADS[i] for i in chosen]

    def whole(self, field, parts, part):
        """Part `part` of `parts` of the whole corpus, so `parts` items between them carry all of it."""
        return "\n".join(self._part(field, parts, part))

    def lines(self, field, parts, part, count):
        """The same on `count` lines (the deck allows three); a payload's own line break becomes a
        tab, which HTML parses the same way."""
        chosen = [p.replace("\n", "\t") for p in self._part(field, parts, part)]
        per_line = -(-len(chosen) // count)
        return "\n".join(
            " ".join(chosen[i : i + per_line]) for i in range(0, len(chosen), per_line)
        )

    def rich(self, field, parts, part):
        """The same as rich text the way CKEditor posts it: one paragraph of raw markup per payload."""
        return "".join(f"<p>본문 {p}</p>" for p in self._part(field, parts, part))


def _post(client, url, form_id, values, inlines=None, files=None):
    """Fill the admin form as served, add inline rows, post it as a browser would."""
    data = form_data(client.get(url), form_id)
    data.update(values)
    for prefix, rows in (inlines or {}).items():
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        for offset, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{initial + offset}-{name}"] = value
        data[f"{prefix}-TOTAL_FORMS"] = str(initial + len(rows))
    data.update(files or {})
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response):
    """The refusals a writer would read on the form, for the assertion message."""
    context = response.context or {}
    errors = [context["adminform"].form.errors] if context.get("adminform") else []
    for formset in context.get("inline_admin_formsets", []):
        formset = formset.formset
        errors.append((formset.prefix, [e for e in formset.errors if e], formset.non_form_errors()))
    errors += [m.message for m in context.get("messages", [])]
    return (
        errors
        or re.findall(
            r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
        )[:20]
    )


def _photo_file(corpus, n):
    # Django keeps only what follows the last "/" of an uploaded file's name (a browser sends no
    # folders either), so "/" travels as its full-width twin to keep each payload's shape whole.
    name = corpus.take("photo file name", capacity=90).replace("/", "／") + ".jpg"
    return SimpleUploadedFile(name, jpeg_bytes(colour=(n * 9 % 255, 90, 60)), "image/jpeg")


def _write_newsroom(writer_client, editor, corpus):
    """Everything a writer can type, through the admin; then an editor publishes it."""
    photos = []
    for n in range(PHOTOS):
        _post(
            writer_client,
            reverse("admin:photos_photo_add"),
            "photo_form",
            {
                "alt_text": corpus.take("photo alt", capacity=300),
                "caption": corpus.whole("photo caption", PHOTOS, n),
                "credit": corpus.take("photo credit", capacity=120),
            },
            files={"image": _photo_file(corpus, n)},
        )
        photos.append(Photo.objects.latest("pk"))
    for n in range(EDITOR_UPLOADS):
        response = writer_client.post(
            reverse("photos:editor_upload"), {"upload": _photo_file(corpus, PHOTOS + n)}
        )
        assert response.status_code == 200, response.content
    speaker = make_person(name="발언자", slug="speaker")
    today = timezone.localdate().isoformat()
    articles = []
    for r in range(RELEASES):
        slug = f"xss-release-{r}"
        quotes = [
            {
                "speaker": str(speaker.pk),
                "speaker_title": corpus.take("quote speaker title", capacity=100),
                "said_on": today,
                "text": corpus.whole(
                    "quote text", RELEASES * QUOTES_PER_RELEASE, r * QUOTES_PER_RELEASE + q
                ),
                "order": str(q),
            }
            for q in range(QUOTES_PER_RELEASE)
        ]
        attachments = [
            {"title": corpus.take("attachment title", capacity=200), "order": str(a)}
            for a in range(ATTACHMENTS_PER_RELEASE)
        ]
        files = {
            f"attachments-{a}-file": SimpleUploadedFile(
                f"붙임{a}.txt", b"attachment", content_type="text/plain"
            )
            for a in range(ATTACHMENTS_PER_RELEASE)
        }
        share = photos[r::RELEASES]
        _post(
            writer_client,
            reverse("admin:articles_article_add"),
            "article_form",
            {
                "kind": "coverage" if r % 2 else "release",
                "headline": corpus.take("release headline", capacity=200),
                "deck": corpus.lines("release deck", RELEASES, r, 3),
                "slug": slug,
                "lead": corpus.whole("release lead", RELEASES, r),
                "body": corpus.rich("release body", RELEASES, r),
                "department": corpus.take("release department", capacity=100),
                "outlet": corpus.take("release outlet", capacity=100),
                "reporter": corpus.take("release reporter", capacity=60),
                "copyright_line": corpus.take("release copyright line", capacity=200),
                "source_url": "https://news.example/a?q=%22%3E%3Cscript%3Exss(0)%3C/script%3E",
                "embargo_kind": "immediate",
            },
            inlines={
                "photo_links": [{"photo": str(p.pk), "order": str(i)} for i, p in enumerate(share)],
                "attachments": attachments,
                "quotes": quotes,
            },
            files=files,
        )
        articles.append(Article.objects.get(slug=slug))
    for r in range(LIGHT_RELEASES):
        slug = f"xss-light-{r}"
        _post(
            writer_client,
            reverse("admin:articles_article_add"),
            "article_form",
            {
                "kind": "coverage",
                "headline": corpus.take("release headline", capacity=200),
                "slug": slug,
                "lead": "짧은 항목",
                "body": "<p>짧은 항목</p>",
                "department": corpus.take("release department", capacity=100),
                "outlet": corpus.take("release outlet", capacity=100),
                "reporter": corpus.take("release reporter", capacity=60),
                "copyright_line": corpus.take("release copyright line", capacity=200),
                "embargo_kind": "immediate",
            },
        )
        articles.append(Article.objects.get(slug=slug))
    for payload in PAYLOADS[:SLUG_TRIES]:  # an address made of markup is refused, not stored
        data = form_data(writer_client.get(reverse("admin:articles_article_add")), "article_form")
        data.update({"headline": "주소 시험", "slug": payload, "embargo_kind": "immediate"})
        response = writer_client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 200 and not Article.objects.filter(slug=payload).exists()
    events = []
    for e in range(EVENTS):
        slug = f"xss-event-{e}"
        start = timezone.localtime() + timedelta(days=10 + e)
        sessions = [
            {
                "title": corpus.take("session title", capacity=200),
                "starts_at_0": (start + timedelta(days=s)).strftime("%Y-%m-%d"),
                "starts_at_1": "10:00:00",
                "ends_at_0": (start + timedelta(days=s)).strftime("%Y-%m-%d"),
                "ends_at_1": "12:00:00",
                "description": corpus.whole(
                    "session description", EVENTS * SESSIONS_PER_EVENT, e * SESSIONS_PER_EVENT + s
                ),
            }
            for s in range(SESSIONS_PER_EVENT)
        ]
        facts = [
            {
                "label": corpus.take("fact label", capacity=100),
                "value": corpus.take("fact value", capacity=200),
                "order": str(f),
            }
            for f in range(FACTS_PER_EVENT)
        ]
        _post(
            writer_client,
            reverse("admin:events_event_add"),
            "event_form",
            {
                "title": corpus.take("event title", capacity=200),
                "slug": slug,
                "summary": corpus.whole("event summary", EVENTS, e),
                "description": corpus.rich("event description", EVENTS, e),
            },
            inlines={
                "sessions": sessions,
                "facts": facts,
                "photo_links": [{"photo": str(photos[e].pk), "order": "0"}],
            },
        )
        events.append(Event.objects.get(slug=slug))
    for article in articles:  # 담당자, which the pre-publish checklist requires of a release
        ArticleContact.objects.create(article=article, contact=make_contact())
    for item in [*articles, *events]:
        publishable_transition(obj=item, move=Transition.SUBMIT, by=item.created_by)
        item.refresh_from_db()
        publishable_transition(obj=item, move=Transition.APPROVE, by=editor)
        item.refresh_from_db()
        publishable_transition(obj=item, move=Transition.PUBLISH, by=editor)
    for item in [*articles, *events]:
        search_index_item(item)
    return articles, events, photos, speaker


class Watch:
    """Listens to one page: script calls, dialogs and policy violations, by page address."""

    def __init__(self, page):
        self.hits, self.violations = [], []
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        self.page = page
        self.where = ""

    def _console(self, message):
        text = message.text
        if text.startswith("XSS-HIT"):
            self.hits.append((self.where, text))
        elif text.startswith("CSP-VIOLATION"):
            self.violations.append((self.where, text))

    def _dialog(self, dialog):
        self.hits.append((self.where, f"dialog {dialog.type}: {dialog.message}"))
        # Accepting a "leave this page?" question lets the next visit go ahead.
        dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss()

    def visit(self, url):
        self.where = url
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(
            150
        )  # handlers on timers and SVG animations fire just after load
        # Only the page itself is read: no page of ours has frames, so any frame is itself a finding
        # (and a frame's own script, if it ran, has already reported through the hook).
        found = self.page.main_frame.evaluate(DOM_CHECK)
        if len(self.page.frames) > 1:
            found.append(f"{len(self.page.frames) - 1} frame(s)")
        return found


def _kit_index(articles, events, folder):
    data = b"".join(
        presskit_stream(contents_for_items(articles=articles, events=events), problems=[])
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    archive.extractall(folder)
    return Path(folder, "index.html").as_uri()


def test_no_payload_runs_anywhere(browser, live_server, settings, writer_client, editor):
    started = time.monotonic()
    corpus = Corpus()
    articles, events, photos, speaker = _write_newsroom(writer_client, editor, corpus)
    written = time.monotonic()

    staff = Client()
    staff.force_login(editor)
    public = [
        *[a.get_absolute_url() for a in articles],
        *[e.get_absolute_url() for e in events],
        "/",
        "/releases/",
        "/events/",
        speaker.get_absolute_url(),
        "/search/?q=onerror",
        "/search/?q=script",
        "/releases/feed/rss/",
        "/releases/feed/atom/",
    ]
    admin = [
        *[reverse("admin:articles_article_change", args=[a.pk]) for a in articles[:RELEASES]],
        *[reverse("admin:events_event_change", args=[e.pk]) for e in events],
        reverse("admin:photos_photo_change", args=[photos[0].pk]),
        reverse("admin:photos_photo_changelist"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:spokespeople_quote_changelist"),
    ]
    # The pages read below really carry the payloads: search finds them, the feed lists them.
    assert staff.get("/search/?q=onerror").text.count('class="snippet"') >= 3
    assert staff.get("/releases/feed/rss/").text.count("<item>") >= RELEASES
    with tempfile.TemporaryDirectory() as folder:
        kit = _kit_index(articles, events, folder)
        ran, reachable, blocked = [], [], []
        for with_csp in (True, False):
            if not with_csp:
                settings.SECURE_CSP = {}  # the live server shares these settings: no header at all
            context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
            context.add_init_script(HOOK)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": staff.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            watch = Watch(page)
            for url in [*(live_server.url + path for path in [*public, *admin]), kit]:
                found = watch.visit(url)
                assert page.url == url, f"{url} sent the browser to {page.url}: page not checked"
                if found:
                    reachable.append((with_csp, url, found[:5]))
            context.close()
            ran += [(with_csp, where, hit) for where, hit in watch.hits]
            # With the policy on, a blocked inline script would mean markup got past the sanitiser.
            blocked += [
                (with_csp, where, v)
                for where, v in watch.violations
                if " script-src" in v or (" style-src" in v and "/admin/" not in where)
            ]
        for field in (
            "release body", "release lead", "release deck", "quote text", "photo caption",
            "event summary", "event description", "session description",
        ):  # fmt: skip
            assert len(corpus.seen[field]) == len(PAYLOADS), field
    assert ran == [], f"{len(ran)} payload calls or dialogs"
    assert reachable == [], f"{len(reachable)} pages with handlers, script addresses or frames"
    assert blocked == [], f"{len(blocked)} policy violations"
    elapsed = time.monotonic() - started
    print(
        f"\n{len(PAYLOADS)} payloads; written in {written - started:.0f}s, total {elapsed:.0f}s; "
        + ", ".join(f"{field}: {len(seen)}" for field, seen in sorted(corpus.seen.items()))
    )


def test_public_page_types_break_no_policy_rule(page, live_server, settings):
    """Each public page type renders under `style-src 'self'` without a single violation."""
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False
    violations = []
    page.on(
        "console",
        lambda m: m.text.startswith("CSP-VIOLATION") and violations.append((page.url, m.text)),
    )
    page.context.add_init_script(HOOK)
    for name, path in PAGE_TYPES.items():
        response = page.goto(live_server.url + path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], name
        page.wait_for_timeout(50)
    assert violations == []
