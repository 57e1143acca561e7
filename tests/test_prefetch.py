"""A page's short lists read inside its one query (core.prefetch) give the same rows, in the same
order, with the same related rows, as `prefetch_related` does, and nothing more is read later."""

from datetime import timedelta

import pytest
from django.db.models import Prefetch

from articles.models import Article, ArticlePhoto, Attachment, Correction, Tag
from core.models import Status
from core.prefetch import Nested, prefetch_nested
from spokespeople.models import Quote
from tests.factories import make_article, make_contact, make_event, make_photo, make_quote

pytestmark = pytest.mark.django_db


def _lists(article):
    return {
        "photos": [
            (link.order, link.photo.pk, link.photo.caption) for link in article.photo_links.all()
        ],
        "contacts": [(link.role, link.contact.name) for link in article.contact_links.all()],
        "attachments": [(a.title, a.file.name) for a in article.attachments.all()],
        "tags": sorted(t.name for t in article.tags.all()),
        "corrections": [(c.note, c.created_at) for c in article.corrections.all()],
        "quotes": [
            (q.text, q.speaker.name, q.organisation.name if q.organisation else None)
            for q in article.quotes.all()
        ],
    }


def test_nested_lists_equal_prefetch_related_and_need_no_further_query(django_assert_num_queries):
    article = make_article(headline="목록을 한 번에 읽는 보도자료")
    second, first = make_photo(caption="둘째 사진"), make_photo(caption="첫째 사진")
    ArticlePhoto.objects.create(article=article, photo=second, order=2)
    ArticlePhoto.objects.create(article=article, photo=first, order=1)
    article.contact_links.create(contact=make_contact(name="김담당"), role="contact", order=1)
    Attachment.objects.create(article=article, title="붙임 1", file="attachments/a.pdf")
    article.tags.add(Tag.objects.create(name="이차전지", slug="battery"))
    Correction.objects.create(article=article, note="날짜를 바로잡았습니다.")
    make_quote(article=article, text="기관 없이 한 발언")  # organisation: none (a null join)
    hidden = make_event(status=Status.PUBLISHED, release_in=timedelta(hours=2))
    make_quote(article=article, event=hidden, text="엠바고 행사와 나눈 발언")

    nested = prefetch_nested(
        Article.objects.all(),
        Nested("photo_links", joined=("photo",)),
        Nested("contact_links", joined=("contact",)),
        Nested("attachments"),
        Nested("tags"),
        Nested("corrections"),
        Nested(
            "quotes",
            joined=("speaker", "organisation"),
            queryset=Quote.objects.on_page_of("article"),
        ),
    )
    with django_assert_num_queries(1):
        got = nested.get(pk=article.pk)
        seen = _lists(got)
    expected = _lists(
        Article.objects.prefetch_related(
            Prefetch("photo_links", queryset=ArticlePhoto.objects.select_related("photo")),
            "contact_links__contact",
            "attachments",
            "tags",
            "corrections",
            Prefetch(
                "quotes",
                queryset=Quote.objects.on_page_of("article").select_related(
                    "speaker", "organisation"
                ),
            ),
        ).get(pk=article.pk)
    )
    assert seen == expected
    assert [p[2] for p in seen["photos"]] == ["첫째 사진", "둘째 사진"]
    assert [q[0] for q in seen["quotes"]] == ["기관 없이 한 발언"]  # the embargoed event's is not
    assert seen["corrections"][0][1].tzinfo is not None  # dates come back as aware datetimes
