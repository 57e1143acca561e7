"""Database constraints and the Korean messages that explain them to staff."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, EmbargoKind, Kind
from core.models import Status
from events.models import Event, Series, Session
from tests.factories import make_article, make_event, make_person, make_quote

pytestmark = pytest.mark.django_db


def _integrity(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_session_must_end_after_it_starts():
    event = make_event(sessions=0)
    start = timezone.now()
    session = Session(event=event, starts_at=start, ends_at=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        session.full_clean()
    assert "종료 시각은 시작 시각보다 뒤여야 합니다." in exc.value.message_dict["ends_at"]
    _integrity(lambda: Session.objects.create(event=event, starts_at=start, ends_at=start))


def test_release_slug_is_unique():
    make_article(slug="same-slug")
    with pytest.raises(ValidationError) as exc:
        Article(headline="다른 제목", slug="same-slug").full_clean()
    assert "slug" in exc.value.message_dict
    _integrity(lambda: Article.objects.create(headline="다른 제목", slug="same-slug"))


def test_edition_needs_a_series():
    event = Event(title="제목", slug="edition-without-series", edition=7)
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert "회차를 쓰려면 먼저 행사 시리즈를 고르세요." in exc.value.message_dict["edition"]
    _integrity(lambda: Event.objects.create(title="제목", slug="edition-without-series", edition=7))


def test_series_edition_is_unique_and_named_in_korean():
    series = Series.objects.create(name="국제철강 및 비철금속산업전", slug="steel")
    event = make_event(title="국제철강 및 비철금속산업전", series=series, edition=7)
    assert str(event) == "제7회 국제철강 및 비철금속산업전"
    _integrity(lambda: make_event(series=series, edition=7))


def test_exact_embargo_needs_a_time():
    article = Article(headline="제목", slug="needs-time", embargo_kind=EmbargoKind.AT)
    with pytest.raises(ValidationError) as exc:
        article.full_clean()
    assert "보도 일시를 입력해야 합니다" in exc.value.message_dict["embargo_at"][0]
    _integrity(
        lambda: Article.objects.create(
            headline="제목", slug="needs-time", embargo_kind=EmbargoKind.AT
        )
    )


@pytest.mark.parametrize(("kind", "hour"), [(EmbargoKind.MORNING, 6), (EmbargoKind.EVENING, 12)])
def test_morning_and_evening_editions_release_at_configured_korean_time(kind, hour):
    article = make_article(embargo_kind=kind, embargo_date=date(2030, 3, 2))
    local = timezone.localtime(article.release_at)
    assert (local.date(), local.hour, local.minute) == (date(2030, 3, 2), hour, 0)
    assert str(local.tzinfo) == "Asia/Seoul"


def test_edition_embargo_needs_a_date():
    article = Article(headline="제목", slug="needs-date", embargo_kind=EmbargoKind.MORNING)
    with pytest.raises(ValidationError) as exc:
        article.full_clean()
    assert "보도 날짜를 입력해야 합니다" in exc.value.message_dict["embargo_date"][0]


def test_embargo_setting_changes_the_morning_hour(settings):
    settings.EMBARGO_MORNING_TIME = "07:30"
    article = make_article(embargo_kind=EmbargoKind.MORNING, embargo_date=date(2030, 3, 2))
    assert timezone.localtime(article.release_at).time().isoformat() == "07:30:00"


def test_coverage_needs_an_outlet():
    article = Article(headline="기사", slug="coverage", kind=Kind.COVERAGE)
    with pytest.raises(ValidationError) as exc:
        article.full_clean()
    assert "언론사" in exc.value.message_dict["outlet"][0]
    _integrity(lambda: Article.objects.create(headline="기사", slug="coverage", kind=Kind.COVERAGE))


def test_at_most_three_deck_lines():
    article = Article(headline="제목", slug="deck", deck="하나\n둘\n셋\n넷")
    with pytest.raises(ValidationError) as exc:
        article.full_clean()
    assert "부제는 세 줄까지" in exc.value.message_dict["deck"][0]


def test_publishing_without_time_means_now():
    before = timezone.now()
    article = make_article(status=Status.PUBLISHED)
    assert before <= article.release_at <= timezone.now()
    assert make_article(status=Status.DRAFT).release_at is None


def test_quote_keeps_title_at_the_time():
    person = make_person(title="본부장")
    quote = make_quote(speaker=person, speaker_title="")
    quote.full_clean()
    quote.save()
    person.title = "원장"
    person.save()
    quote.refresh_from_db()
    assert quote.speaker_title == "본부장"
    assert quote.attribution.endswith("본부장")


def test_empty_quote_refused():
    _integrity(lambda: make_quote(text=""))


def test_upcoming_is_a_query_on_session_times():
    soon = make_event(starts_in=timedelta(days=1))
    running = make_event(starts_in=timedelta(hours=-1))  # started, ends in two hours
    past = make_event(starts_in=timedelta(days=-5))
    upcoming = list(Event.objects.upcoming())
    assert upcoming == [running, soon]
    assert list(Event.objects.past()) == [past]


def test_korean_date_filters():
    from core.templatetags.korean import korean_date, release_date

    moment = timezone.make_aware(datetime(2023, 10, 11, 14, 5))
    assert korean_date(moment) == "2023년 10월 11일"
    assert release_date(moment) == "2023. 10. 11.(수) 14:05"
    assert release_date(date(2023, 10, 11)) == "2023. 10. 11.(수)"
