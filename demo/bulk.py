"""A large newsroom for benchmarks: `manage.py seed_bulk --releases 100000 --events 10000 --photos 20000`.

Releases, events and photos are written with `bulk_create` in batches, with Korean text assembled from
the vocabulary of a regional technopark's press releases (industries, programmes, places, agencies),
so pages, lists, feeds and search carry realistic weight: headlines of 30–50 characters, a two-line
deck, a lead and a body of six to nine paragraphs with a 소제목 and a list. Dates spread over ten
years up to now; one release in 50 is a draft and one in 100 is scheduled for its 보도시점 ahead, so
the public rule has something to hide. Every release has two 담당자 and one photo from the pool.

Nothing here runs signals or queues tasks: kits and the search index are built afterwards by their own
commands, and only for what a benchmark asks for. Deterministic for a given `--seed`.
"""

import hashlib
import io
import random
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleContact, ArticlePhoto, Category, Kind
from core.models import Status
from events.models import Event, EventPhoto, Session, Venue
from organisations.models import Organisation, PressContact
from photos.models import PHOTO_DIR, Photo

BATCH = 2000

PLACES = [
    "포항",
    "구미",
    "경산",
    "경주",
    "안동",
    "김천",
    "영천",
    "상주",
    "문경",
    "칠곡",
    "영주",
    "청도",
]
INDUSTRIES = [
    "이차전지", "반도체 소재", "바이오헬스", "철강", "디지털헬스케어", "인공지능", "스마트팩토리",
    "수소 연료전지", "탄소소재", "미래차 부품", "메타버스", "정보통신기술", "로봇", "에너지 신산업",
]  # fmt: skip
PROGRAMMES = [
    "수출상담회", "기업 지원사업", "창업 경진대회", "기술 설명회", "해외 시장개척단", "전문인력 양성과정",
    "시제품 제작 지원", "투자 유치 설명회", "규제자유특구 실증", "공동 연구개발", "산학협력 포럼",
]  # fmt: skip
ACTIONS = [
    "개최",
    "참여 기업 모집",
    "성료",
    "업무협약 체결",
    "선정",
    "본격 추진",
    "첫 성과",
    "확대 운영",
]
AGENCIES = ["경상북도", "산업통상자원부", "중소벤처기업부", "KOTRA", "한국산업기술기획평가원"]
DEPARTMENTS = ["기업지원팀", "대외협력팀", "전략기획팀", "디지털혁신팀", "바이오센터"]
SENTENCES = [
    "{org}는 {place} 지역 {industry} 기업의 성장을 돕기 위해 {programme}을 마련했다.",
    "이번 {programme}에는 지역 기업 {n}곳과 해외 바이어 {m}개사가 참여해 {k}건의 상담을 진행했다.",
    "{agency}와 함께 추진하는 이 사업은 {industry} 분야의 기술 사업화와 판로 개척을 지원한다.",
    "참여 기업은 시제품 제작, 인증 획득, 해외 전시회 참가 비용을 최대 {money}만 원까지 지원받는다.",
    "{place}시는 이번 협력으로 지역 산업 생태계가 한층 단단해질 것으로 기대하고 있다.",
    "행사장에서는 기업 설명회와 일대일 상담, 기술 시연이 함께 열려 많은 관심을 모았다.",
    "경북테크노파크는 앞으로도 지역 기업의 해외 진출과 일자리 창출을 위해 노력할 계획이다.",
    "자세한 내용은 경북테크노파크 누리집 공지사항에서 확인할 수 있다.",
    "올해 사업은 {year}년까지 이어지며, 성과 평가를 거쳐 지원 규모를 넓힐 예정이다.",
]


def _sentence(rng, year):
    return rng.choice(SENTENCES).format(
        org="경북테크노파크",
        place=rng.choice(PLACES),
        industry=rng.choice(INDUSTRIES),
        programme=rng.choice(PROGRAMMES),
        agency=rng.choice(AGENCIES),
        n=rng.randint(5, 60),
        m=rng.randint(3, 40),
        k=rng.randint(10, 300),
        money=rng.choice([500, 1000, 2000, 3000, 5000]),
        year=year + rng.randint(1, 3),
    )


def _release_text(rng, number, year):
    place, industry = rng.choice(PLACES), rng.choice(INDUSTRIES)
    programme, action = rng.choice(PROGRAMMES), rng.choice(ACTIONS)
    headline = f"경북테크노파크, {place} {industry} {programme} {action}"
    deck = (
        f"- {industry} 기업 {rng.randint(5, 60)}곳 참여, {rng.randint(10, 300)}건 상담\n"
        f"- {rng.choice(AGENCIES)}와 협력해 {year + 1}년까지 지원 확대"
    )
    lead = _sentence(rng, year)
    paragraphs = [f"<p>{_sentence(rng, year)}</p>" for _ in range(rng.randint(3, 5))]
    items = "".join(f"<li>{_sentence(rng, year)}</li>" for _ in range(3))
    body = (
        f"<p>{lead}</p>{''.join(paragraphs[:2])}<h2>{programme} 개요</h2><ul>{items}</ul>"
        f"{''.join(paragraphs[2:])}<p>{_sentence(rng, year)}</p>"
    )
    return {
        "headline": headline,
        "deck": deck,
        "lead": lead,
        "body": body,
        "slug": f"bulk-{number}",
    }


def _jpeg(rng) -> bytes:
    image = Image.new("RGB", (320, 240), tuple(rng.randint(0, 255) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk_photos(rng, count, now) -> list[int]:
    """`count` photos, each with its own small JPEG file in storage."""
    rows = []
    for number in range(count):
        data = _jpeg(rng)
        name = default_storage.save(
            f"{PHOTO_DIR}{now:%Y/%m}/{uuid.UUID(int=rng.getrandbits(128)).hex}.jpg",
            ContentFile(data),
        )
        rows.append(
            Photo(
                image=name,
                # Web copies are not made here: `manage.py make_renditions` queues them.
                sha256=hashlib.sha256(data).hexdigest(),
                width=320,
                height=240,
                original_filename=f"bulk-{number}.jpg",
                caption=f"{rng.choice(PLACES)} {rng.choice(PROGRAMMES)} 현장",
                alt_text=f"{rng.choice(INDUSTRIES)} 기업 관계자들이 상담하는 모습",
            )
        )
    ids = []
    for batch in _batches(rows):
        ids += [photo.pk for photo in Photo.objects.bulk_create(batch)]
    return ids


def _contacts(rng):
    organisation, _ = Organisation.objects.get_or_create(
        name="경북테크노파크", defaults={"short_name": "경북TP"}
    )
    contacts = []
    for index, department in enumerate(DEPARTMENTS):
        for position, role in (("팀장", "responsible"), ("선임", "contact")):
            contact, _ = PressContact.objects.get_or_create(
                name=f"대량{index}{position}",
                department=department,
                phone=f"053-819-{9000 + index * 2 + (role == 'contact'):04d}",
                defaults={"position": position, "organisation": organisation},
            )
            contacts.append((contact, role))
    return contacts


def bulk_releases(rng, count, photo_ids, now) -> int:
    categories = list(Category.objects.all()) or [
        Category.objects.create(name="보도자료", slug="bulk-releases")
    ]
    contacts = _contacts(rng)
    made = 0
    span = timedelta(days=3650)
    for start in range(0, count, BATCH):
        articles = []
        for number in range(start, min(count, start + BATCH)):
            moment = now - span * (1 - (number + 1) / (count + 1))
            year = moment.year
            status, release_at = Status.PUBLISHED, moment
            if number % 100 == 13:
                release_at = now + timedelta(days=rng.randint(1, 30))
            embargo_at = release_at
            if number % 50 == 7:
                status, release_at = Status.DRAFT, None
            articles.append(
                Article(
                    kind=Kind.PRESS_RELEASE,
                    status=status,
                    embargo_kind="at",
                    embargo_at=embargo_at,
                    release_at=release_at,
                    distributed_at=release_at,
                    department=rng.choice(DEPARTMENTS),
                    category=rng.choice(categories),
                    **_release_text(rng, number, year),
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(articles)
            links, photos = [], []
            for article in created:
                pair = rng.sample(range(len(contacts)), 2)
                for place, index in enumerate(
                    sorted(pair, key=lambda i: contacts[i][1] != "responsible")
                ):
                    contact, role = contacts[index]
                    links.append(
                        ArticleContact(article=article, contact=contact, role=role, order=place)
                    )
                if photo_ids:
                    photos.append(
                        ArticlePhoto(article=article, photo_id=rng.choice(photo_ids), order=0)
                    )
            ArticleContact.objects.bulk_create(links)
            ArticlePhoto.objects.bulk_create(photos, ignore_conflicts=True)
        made += len(created)
    return made


def bulk_events(rng, count, photo_ids, now) -> int:
    venues = [
        Venue.objects.get_or_create(name=f"{place} 컨벤션센터", defaults={"city": place})[0]
        for place in PLACES
    ]
    made = 0
    for start in range(0, count, BATCH):
        events = []
        for number in range(start, min(count, start + BATCH)):
            year = now.year - 5 + number * 6 // max(count, 1)
            title = f"{year} {rng.choice(PLACES)} {rng.choice(INDUSTRIES)} {rng.choice(PROGRAMMES)}"
            events.append(
                Event(
                    title=title,
                    slug=f"bulk-event-{number}",
                    summary=_sentence(rng, year),
                    description="".join(f"<p>{_sentence(rng, year)}</p>" for _ in range(4)),
                    status=Status.PUBLISHED,
                    release_at=now - timedelta(days=rng.randint(1, 1800)),
                )
            )
        with transaction.atomic():
            created = Event.objects.bulk_create(events)
            sessions, photos = [], []
            for event in created:
                starts = now + timedelta(days=rng.randint(-1800, 180), hours=rng.randint(9, 15))
                sessions.append(
                    Session(
                        event=event,
                        title="본 행사",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=3),
                        venue=rng.choice(venues),
                    )
                )
                if photo_ids:
                    photos.append(EventPhoto(event=event, photo_id=rng.choice(photo_ids), order=0))
            Session.objects.bulk_create(sessions)
            EventPhoto.objects.bulk_create(photos, ignore_conflicts=True)
        made += len(created)
    return made


def bulk_seed(*, releases: int, events: int, photos: int, seed: int = 2026) -> dict[str, int]:
    """Write the newsroom; returns how many of each were made."""
    rng = random.Random(seed)
    now = timezone.now()
    photo_ids = bulk_photos(rng, photos, now)
    return {
        "photos": len(photo_ids),
        "releases": bulk_releases(rng, releases, photo_ids, now),
        "events": bulk_events(rng, events, photo_ids, now),
    }
