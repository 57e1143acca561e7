"""Sending releases to journalists: queueing, the send itself (in the task worker), unsubscribing.

`mailing_queue()` (an editor, from the admin) resolves the recipients of the chosen lists and people,
writes one `Delivery` per address and queues the task `distribution.tasks.send_mailing` for the
mailing's moment, all in one transaction: the task exists exactly when the mailing does.

`mailing_run()` (the task) re-checks everything at send time: the release must still be 게시 with the
same 보도시점 (and public, for an on-time send), each address must not have asked for no more mail,
an advance recipient must still accept embargoes. Each delivery is claimed (queued → sending) before
its message goes out and marked sent after, so two runs never send one message twice; a delivery
left "sending" by a worker that died is recorded as interrupted and never re-sent (at most once: it
may have gone out). A temporary failure puts the delivery back in the queue and runs the mailing again
later (1 min, 5 min, 30 min); a refusal by the server is final. Sending is throttled to
`DISTRIBUTION_RATE` messages a second.
"""

import smtplib
import time
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Kind
from audit.models import Action
from audit.services import audit_record
from contacts.models import Journalist
from core.mail import templated_mail
from core.models import Status
from core.signals import content_changed
from core.spreadsheet import excel_csv
from distribution.models import (
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    Mode,
    Subscriber,
    SubscriberNotice,
    Suppression,
)
from sharing.models import Use
from sharing.services import distributed_stamp, sharelink_issue

RETRY_DELAYS = (60, 300, 1800)  # seconds before each new attempt after a temporary failure
# A delivery still "sending" this long after it was claimed was interrupted (the worker died).
INTERRUPTED_AFTER = timedelta(minutes=10)
LINK_LIFETIME = timedelta(days=30)
RECHECK_EVERY = 20  # messages between two looks at the release while sending
UNSUBSCRIBE_SALT = "distribution.unsubscribe"


# Recipients and queueing (in the web request, inside the editor's transaction).


BOTH = "both"  # the send form's third choice: consenting journalists now, the others at 보도시점


def mailing_recipients(*, article, mode, lists=(), journalists=()):
    """(to send, skipped as [(journalist, reason)]) for these lists and people, one per address.

    Someone who has (or is about to get) the release in advance does not get it again on time.
    """
    chosen = Journalist.objects.filter(
        Q(pk__in=[j.pk for j in journalists]) | Q(lists__in=list(lists))
    ).select_related("outlet")
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    in_advance = set(
        Delivery.objects.filter(
            mailing__article=article,
            mailing__mode=Mode.ADVANCE,
            state__in=[DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.SENT],
        ).values_list("email", flat=True)
    )
    send, skipped, seen = [], [], set()
    for journalist in chosen.order_by("name", "pk").distinct():
        if journalist.email in seen:
            continue
        seen.add(journalist.email)
        if not journalist.active:
            skipped.append((journalist, _("사용 중이 아닌 연락처")))
        elif journalist.email in suppressed:
            skipped.append((journalist, _("수신 거부")))
        elif mode == Mode.ADVANCE and not journalist.embargo_consent:
            skipped.append((journalist, _("엠바고 수신 동의 없음")))
        elif journalist.email in in_advance:
            skipped.append((journalist, _("엠바고 사전 발송으로 받음")))
        else:
            send.append(journalist)
    return send, skipped


def mailing_problems(article: Article, mode: str, now=None) -> list[str]:
    """Why `article` cannot be sent this way now (Korean, for the editor); empty when it can."""
    now = now or timezone.now()
    problems = []
    if article.kind == Kind.COVERAGE:
        problems.append(_("언론보도는 다른 매체의 기사라 배포할 수 없습니다."))
    if article.status != Status.PUBLISHED:
        problems.append(
            _("게시된(보도시점 예약 포함) 보도자료만 배포할 수 있습니다. 지금 상태: %(status)s")
            % {"status": article.get_status_display()}
        )
    if article.release_at is None:
        problems.append(_("보도시점이 정해지지 않았습니다."))
    elif mode == Mode.ADVANCE and article.release_at <= now:
        problems.append(_("보도시점이 이미 지나 엠바고 사전 발송을 할 수 없습니다."))
    return problems


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@transaction.atomic
def mailing_queue(*, article, mode, lists=(), journalists=(), by, request=None) -> list[Mailing]:
    """Queue a send of `article` to these lists and people. Raises ValidationError in Korean.

    `mode` BOTH queues two: an advance send now to those who accept embargoes, and an on-time send
    to the others.
    """
    if not by.has_perm("distribution.add_mailing"):
        raise PermissionDenied
    article = Article.objects.select_for_update().get(pk=article.pk)
    modes = [Mode.ADVANCE, Mode.ON_TIME] if mode == BOTH else [mode]
    problems = mailing_problems(article, modes[0])
    if problems:
        raise ValidationError(problems)
    mailings = []
    for one in modes:
        send, skipped = mailing_recipients(
            article=article, mode=one, lists=lists, journalists=journalists
        )
        if send:
            mailings.append(_queue_one(article, one, send, skipped, lists, by, request))
    if not mailings:
        raise ValidationError(_("받을 사람이 없습니다. 명단이나 기자를 고르세요."))
    return mailings


def _queue_one(article, mode, send, skipped, lists, by, request) -> Mailing:
    from distribution.tasks import send_mailing

    now = timezone.now()
    mailing = Mailing.objects.create(
        article=article,
        mode=mode,
        send_at=now if mode == Mode.ADVANCE else max(article.release_at, now),
        release_at=article.release_at,
        created_by=by,
    )
    mailing.lists.set(lists)
    domain = _domain()
    Delivery.objects.bulk_create(
        Delivery(
            mailing=mailing,
            journalist=journalist,
            name=journalist.name,
            outlet=journalist.outlet.name if journalist.outlet else "",
            email=journalist.email,
            message_id=make_msgid(idstring=f"gbtp.{mailing.pk}.{journalist.pk}", domain=domain),
        )
        for journalist in send
    )
    audit_record(
        action=Action.MAILING_QUEUE, actor=by, request=request, obj=article,
        mailing=mailing.pk, mode=mode, recipients=len(send), skipped=len(skipped),
        send_at=mailing.send_at.isoformat(),
    )  # fmt: skip
    send_mailing.using(run_after=mailing.send_at).enqueue(mailing.pk)
    return mailing


@transaction.atomic
def mailing_cancel(*, mailing: Mailing, by, request=None, reason="") -> Mailing:
    """Stop a mailing: what has not gone out yet never will."""
    if not by.has_perm("distribution.change_mailing"):
        raise PermissionDenied
    _cancel(mailing, reason or _("편집자가 발송을 취소했습니다."))
    audit_record(
        action=Action.MAILING_CANCEL, actor=by, request=request, obj=mailing.article,
        mailing=mailing.pk,
    )  # fmt: skip
    return mailing


def _cancel(mailing: Mailing, reason: str) -> None:
    Mailing.objects.filter(pk=mailing.pk).exclude(state=MailingState.DONE).update(
        state=MailingState.CANCELLED, note=reason[:300], finished_at=timezone.now()
    )
    mailing.deliveries.filter(state=DeliveryState.QUEUED).update(
        state=DeliveryState.SKIPPED, error=reason[:500]
    )


# Sending (in the task worker).


def _why_not_now(mailing: Mailing, now):
    """("wait", moment) while the release is not public yet; ("stop", reason) when it must not go;
    (None, None) when it may go now."""
    article = Article.objects.filter(pk=mailing.article_id).first()
    if article is None:
        return "stop", _("보도자료가 삭제되었습니다.")
    if article.status != Status.PUBLISHED:
        return "stop", _(
            "보도자료가 게시 상태가 아니어서 보내지 않았습니다 (지금: %(status)s)."
        ) % {"status": article.get_status_display()}
    if article.release_at != mailing.release_at:
        return "stop", _("예약한 뒤 보도시점이 바뀌어 보내지 않았습니다. 다시 예약하세요.")
    if mailing.mode == Mode.ON_TIME:
        if article.release_at and article.release_at > now:
            return "wait", article.release_at
        if not Article.objects.published().filter(pk=article.pk).exists():
            return "stop", _("보도자료가 공개되지 않아 보내지 않았습니다.")
    return None, None


def _message(delivery: Delivery, article: Article, url: str, embargoed: bool):
    kit_url = settings.SITE_URL + reverse("presskits:release", args=[article.pk])
    unsubscribe = settings.SITE_URL + reverse(
        "distribution:unsubscribe", args=[unsubscribe_token(delivery)]
    )
    office = settings.PRESS_OFFICE
    context = {
        "delivery": delivery,
        "article": article,
        "url": url,
        "kit_url": kit_url,
        "unsubscribe_url": unsubscribe,
        "embargoed": embargoed,
        "contacts": [link.contact for link in article.contact_links.select_related("contact")],
        "photos": [link.photo for link in article.photo_links.select_related("photo")],
        "office": office,
    }
    headers = {
        "Message-ID": delivery.message_id,
        "List-Unsubscribe": f"<{unsubscribe}>"
        + (f", <mailto:{office['email']}?subject=unsubscribe>" if office.get("email") else ""),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"GBTP press releases <press.{_domain()}>",
    }
    # A journalist who reads English gets the message's frame in English (the release stays as
    # written).
    language = getattr(delivery.journalist, "language", None) or settings.LANGUAGE_CODE
    return templated_mail(
        "distribution/email/release", context, delivery.email, headers=headers, language=language
    )


def preview_message(article: Article, mode: str):
    """The message a recipient would get, for the send form (a sample name, no real link)."""
    sample = Delivery(name="○○○", email="journalist@example.com", message_id="<preview>")
    sample.pk = 0
    embargoed = mode == Mode.ADVANCE
    url = settings.SITE_URL + article.get_absolute_url()
    return _message(sample, article, url, embargoed)


def _throttle(started: float, sent: int) -> None:
    rate = settings.DISTRIBUTION_RATE
    if rate > 0:
        ahead = started + sent / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)


def _permanent(error) -> bool:
    """A 5xx reply is final (no such user, refused); 4xx and lost connections may pass later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def mailing_run(mailing_id: int) -> str:
    """What the task does: send what is due of one mailing. Returns what happened."""
    from distribution.tasks import send_mailing

    mailing = Mailing.objects.filter(pk=mailing_id).select_related("article").first()
    if mailing is None or mailing.state in (MailingState.DONE, MailingState.CANCELLED):
        return "nothing"
    now = timezone.now()
    if mailing.send_at > now:  # a task run early (another worker's clock): come back on time
        send_mailing.using(run_after=mailing.send_at).enqueue(mailing.pk)
        return "early"
    verdict, detail = _why_not_now(mailing, now)
    if verdict == "wait":
        send_mailing.using(run_after=detail).enqueue(mailing.pk)
        return "waiting"
    if verdict == "stop":
        _cancel(mailing, detail)
        audit_record(
            action=Action.MAILING_CANCEL, obj=mailing.article, actor_label=_("작업 처리기"),
            mailing=mailing.pk, reason=detail,
        )  # fmt: skip
        return "cancelled"
    if Mailing.objects.filter(pk=mailing.pk, state=MailingState.QUEUED).update(
        state=MailingState.SENDING
    ):
        # Should this worker die mid-send, a later run picks up what is left (and records the one
        # message it was sending as interrupted). A run that finds the mailing done does nothing.
        send_mailing.using(run_after=now + INTERRUPTED_AFTER + timedelta(minutes=1)).enqueue(
            mailing.pk
        )
    # A claim older than this was a worker that died mid-message: it may have gone out.
    mailing.deliveries.filter(
        state=DeliveryState.SENDING, sending_since__lt=now - INTERRUPTED_AFTER
    ).update(state=DeliveryState.FAILED, error=_("발송 중 중단되어 전달 여부를 알 수 없습니다."))
    article = mailing.article
    if distributed_stamp(article):  # sending distributes it: 배포일시, and the kit follows
        content_changed.send(sender=Article, instance=Article.objects.get(pk=article.pk))
    retry_at = _send_due(mailing, article)
    if retry_at is not None:
        send_mailing.using(run_after=retry_at).enqueue(mailing.pk)
        return "retrying"
    if not mailing.deliveries.filter(
        state__in=[DeliveryState.QUEUED, DeliveryState.SENDING]
    ).exists():
        Mailing.objects.filter(pk=mailing.pk, state=MailingState.SENDING).update(
            state=MailingState.DONE, finished_at=timezone.now()
        )
        counts = {
            state: mailing.deliveries.filter(state=state).count()
            for state in (DeliveryState.SENT, DeliveryState.REFUSED, DeliveryState.SKIPPED)
        }
        audit_record(
            action=Action.MAILING_SENT, obj=article, actor_label=_("작업 처리기"),
            mailing=mailing.pk, **counts,
        )  # fmt: skip
    return "sent"


def _send_due(mailing: Mailing, article: Article):
    """Send every queued delivery; returns when to try again if some failed for now, else None."""
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    started, sent, retry_at = time.monotonic(), 0, None
    queued = list(
        mailing.deliveries.filter(state=DeliveryState.QUEUED)
        .select_related("journalist")
        .order_by("pk")
    )
    with mailers.default as connection:
        for index, delivery in enumerate(queued):
            if index and index % RECHECK_EVERY == 0:
                verdict, detail = _why_not_now(mailing, timezone.now())
                if verdict == "stop":
                    _cancel(mailing, detail)
                    return None
            claimed = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.QUEUED).update(
                state=DeliveryState.SENDING,
                sending_since=timezone.now(),
                attempts=F("attempts") + 1,
            )
            if not claimed:
                continue  # another run has it
            skip = _skip_reason(delivery, mailing, suppressed)
            if skip:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.SKIPPED, error=skip
                )
                continue
            now = timezone.now()
            embargoed = mailing.mode == Mode.ADVANCE and article.release_at > now
            link, token = sharelink_issue(
                target=article,
                recipient_name=delivery.name,
                recipient_organisation=delivery.outlet,
                purpose=_("엠바고 사전 배포") if embargoed else _("보도자료 배포"),
                expires_at=max(article.release_at, now) + LINK_LIFETIME,
                by=mailing.created_by,
            )
            url = settings.SITE_URL + link.url_for(token)
            _throttle(started, sent)
            try:
                connection.send_messages([_message(delivery, article, url, embargoed)])
            except Exception as error:  # every failure is recorded on the delivery
                attempts = delivery.attempts + 1
                if _permanent(error):
                    state, retry = DeliveryState.REFUSED, False
                elif attempts <= len(RETRY_DELAYS):
                    state, retry = DeliveryState.QUEUED, True
                else:
                    state, retry = DeliveryState.FAILED, False
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=state, error=f"{type(error).__name__}: {error}"[:500], link=link
                )
                if retry:
                    delay = timedelta(seconds=RETRY_DELAYS[attempts - 1])
                    candidate = timezone.now() + delay
                    retry_at = min(retry_at or candidate, candidate)
                if isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError, OSError)):
                    # The server went away: the rest wait for the next attempt too.
                    connection.close()
                    connection.open()
                continue
            sent += 1
            Delivery.objects.filter(pk=delivery.pk).update(
                state=DeliveryState.SENT, sent_at=timezone.now(), link=link, error=""
            )
    return retry_at


def _skip_reason(delivery: Delivery, mailing: Mailing, suppressed: set) -> str:
    if delivery.email in suppressed:
        return _("수신 거부")
    if (
        mailing.mode == Mode.ON_TIME
        and Delivery.objects.filter(
            mailing__article_id=mailing.article_id,
            mailing__mode=Mode.ADVANCE,
            email=delivery.email,
            state=DeliveryState.SENT,
        ).exists()
    ):
        return _("엠바고 사전 발송으로 받음")
    if mailing.mode == Mode.ADVANCE:
        journalist = Journalist.objects.filter(pk=delivery.journalist_id).first()
        if journalist is None or not journalist.embargo_consent or not journalist.active:
            return _("엠바고 수신 동의가 철회되었습니다.")
    return ""


# Unsubscribing (RFC 8058 one-click, and a page with a button).


def unsubscribe_token(delivery: Delivery) -> str:
    return signing.dumps(delivery.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_delivery(token: str) -> Delivery | None:
    """The delivery an unsubscribe address was made for; None for a token not ours."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Delivery.objects.filter(pk=pk).select_related("mailing").first()


def unsubscribe(token: str, *, request=None) -> Suppression | None:
    """Record that the address a message went to wants no more; None for a token not ours."""
    delivery = unsubscribe_delivery(token)
    if delivery is None:
        return None
    suppression, created = Suppression.objects.get_or_create(
        email=delivery.email, defaults={"source": f"mailing {delivery.mailing_id}"}
    )
    if created:
        audit_record(
            action=Action.UNSUBSCRIBE, request=request, obj=delivery.mailing.article,
            actor_label=delivery.name, mailing=delivery.mailing_id, delivery=delivery.pk,
        )  # fmt: skip
    return suppression


# What came of it.


def release_report(article: Article) -> dict:
    """Who received `article`, who opened their personal link (and when first), and its coverage."""
    from django.db.models import Count, Min

    deliveries = (
        Delivery.objects.filter(mailing__article=article)
        .select_related("mailing")
        .annotate(
            opens=Count("link__opens", filter=Q(link__opens__what=Use.PAGE)),
            kits=Count("link__opens", filter=Q(link__opens__what=Use.KIT)),
            first_open=Min("link__opens__opened_at"),
        )
        .order_by("mailing__created_at", "name", "pk")
    )
    coverage = article.coverage.order_by("release_at", "pk")
    rows = list(deliveries)
    return {
        "article": article,
        "mailings": list(article.mailings.order_by("created_at")),
        "deliveries": rows,
        "sent": sum(1 for d in rows if d.state == DeliveryState.SENT),
        "opened": sum(1 for d in rows if d.opens),
        "downloaded": sum(1 for d in rows if d.kits),
        "coverage": list(coverage),
    }


CSV_HEADER = [
    "보도자료", "보도시점", "발송 방식", "받는 사람", "매체", "이메일", "상태", "보낸 일시",
    "열람 횟수", "처음 열람", "언론보도", "키트 내려받기",
]  # fmt: skip


def monthly_csv(year: int, month: int, *, by, request=None) -> bytes:
    """Releases sent in that month × recipients × coverage, UTF-8 with BOM for Excel."""
    from datetime import datetime

    from django.db.models import Count, Min

    from core.templatetags.korean import release_date

    if not by.has_perm("distribution.report_mailing"):
        raise PermissionDenied
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
    deliveries = (
        Delivery.objects.filter(mailing__send_at__gte=start, mailing__send_at__lt=end)
        .select_related("mailing__article")
        .annotate(
            opens=Count("link__opens", filter=Q(link__opens__what=Use.PAGE)),
            kits=Count("link__opens", filter=Q(link__opens__what=Use.KIT)),
            first_open=Min("link__opens__opened_at"),
        )
        .order_by("mailing__send_at", "mailing__pk", "name", "pk")
    )
    coverage = {}
    for item in Article.objects.filter(
        covers__mailings__send_at__gte=start, covers__mailings__send_at__lt=end
    ).distinct():
        coverage.setdefault(item.covers_id, []).append(
            f"{item.outlet} {timezone.localtime(item.release_at):%Y-%m-%d}"
            if item.release_at
            else item.outlet
        )
    rows = [
        [
            d.mailing.article.headline,
            release_date(d.mailing.release_at),
            d.mailing.get_mode_display(),
            d.name,
            d.outlet,
            d.email,
            d.get_state_display(),
            release_date(d.sent_at) if d.sent_at else "",
            d.opens,
            release_date(d.first_open) if d.first_open else "",
            "; ".join(coverage.get(d.mailing.article_id, [])),
            d.kits,
        ]
        for d in deliveries
    ]
    audit_record(
        action=Action.EXPORT, actor=by, request=request, what="mailing-report",
        month=f"{year}-{month:02d}", rows=len(rows),
    )  # fmt: skip
    return excel_csv(CSV_HEADER, rows)


# Subscriptions (구독): the public asks for new releases by e-mail.

CONSENT_VERSION = "2026-12"
CONFIRM_SALT = "distribution.subscribe.confirm"
STOP_SALT = "distribution.subscribe.stop"
CONFIRM_DAYS = 7
CONFIRMATION_PAUSE = timedelta(minutes=10)  # one confirmation mail per address per pause
NOTICE_WINDOW = timedelta(days=2)  # a release older than this is never announced (an old edit)


def consent_text() -> str:
    """What a subscriber agrees to, shown on the form and stored with the consent."""
    return _(
        "수집 항목: 이메일 주소. 이용 목적: 경북테크노파크 새 보도자료 알림 메일 발송. 보유 기간: "
        "구독을 해지할 때까지(해지하면 바로 파기). 동의하지 않을 수 있으며, 그때는 알림 메일을 "
        "받을 수 없습니다."
    )


def subscription_token(subscriber, salt) -> str:
    return signing.dumps(subscriber.pk, salt=salt)


def subscriber_for(token: str, salt: str, max_age=None):
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=pk).first()


SUBSCRIBE_LIMIT = 5  # requests from one address of origin …
SUBSCRIBE_WINDOW = 600  # … in this many seconds


def subscribe_allowed(request) -> bool:
    """Whether this client may ask for another subscription now: a few an address per ten
    minutes, so the form cannot be used to mail-bomb a list of strangers."""
    from django.core.cache import cache

    from audit.services import client_ip

    key = f"distribution:subscribe:{client_ip(request)}"
    cache.add(key, 0, SUBSCRIBE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, SUBSCRIBE_WINDOW)
        count = 1
    return count <= SUBSCRIBE_LIMIT


@transaction.atomic
def subscribe(*, email: str, categories, request=None) -> Subscriber:
    """Start (or restart) a subscription: record the consent and send the confirmation mail.

    An address already confirmed is left as it is (someone else may have typed it); a pending or
    ended subscription takes the new choices and must be confirmed again.
    """
    from audit.services import client_ip
    from distribution.tasks import send_subscription_confirmation

    email = email.strip().lower()
    now = timezone.now()
    consent = {
        "consent_text": consent_text(),
        "consent_version": CONSENT_VERSION,
        "consent_at": now,
        "consent_ip": client_ip(request),
        "consent_user_agent": (request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
    }
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.active:
        return subscriber
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, **consent)
    else:
        for name, value in consent.items():
            setattr(subscriber, name, value)
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.save()
    subscriber.categories.set(categories)
    last = subscriber.confirmation_sent_at
    if last is None or now - last >= CONFIRMATION_PAUSE:
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
        send_subscription_confirmation.enqueue(subscriber.pk)
    audit_record(action=Action.SUBSCRIBE, request=request, subscriber=subscriber.pk)
    return subscriber


def subscription_confirm(token: str, *, request=None) -> Subscriber | None:
    """The address confirmed (a POST from the confirmation page); None for a bad or old token."""
    from audit.services import client_ip

    subscriber = subscriber_for(token, CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return None
    if subscriber.confirmed_at is None:
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), confirmed_ip=client_ip(request)
        )
        audit_record(action=Action.SUBSCRIBE_CONFIRM, request=request, subscriber=subscriber.pk)
    return subscriber


def subscription_stop(token: str, *, request=None) -> Subscriber | None:
    subscriber = subscriber_for(token, STOP_SALT)
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now())
        audit_record(action=Action.UNSUBSCRIBE, request=request, subscriber=subscriber.pk)
    return subscriber


def _subscriber_message(subscriber, template, context, *, unsubscribe=True):
    office = settings.PRESS_OFFICE
    stop_url = settings.SITE_URL + reverse(
        "distribution:subscription-stop", args=[subscription_token(subscriber, STOP_SALT)]
    )
    context = {**context, "subscriber": subscriber, "stop_url": stop_url, "office": office}
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"GBTP newsroom <news.{_domain()}>",
        }
    return templated_mail(
        f"distribution/email/{template}", context, subscriber.email, headers=headers
    )


def subscription_confirmation_send(subscriber_id: int) -> bool:
    """The double opt-in mail (task). Nothing for an address confirmed or ended meanwhile."""
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, confirmed_at__isnull=True, unsubscribed_at__isnull=True
    ).first()
    if subscriber is None:
        return False
    confirm_url = settings.SITE_URL + reverse(
        "distribution:subscription-confirm", args=[subscription_token(subscriber, CONFIRM_SALT)]
    )
    message = _subscriber_message(
        subscriber, "confirm", {"confirm_url": confirm_url, "days": CONFIRM_DAYS},
        unsubscribe=False,
    )  # fmt: skip
    with mailers.default as connection:
        connection.send_messages([message])
    return True


def subscriber_notices_request(article) -> None:
    """Queue the announcement of a release for its 보도시점 (inside the change's transaction)."""
    from distribution.tasks import notify_subscribers

    if (
        article.status != Status.PUBLISHED
        or article.kind == Kind.COVERAGE
        or article.release_at is None
        or article.release_at < timezone.now() - NOTICE_WINDOW
    ):
        return
    notify_subscribers.using(run_after=max(article.release_at, timezone.now())).enqueue(article.pk)


def subscriber_notices_run(article_id: int) -> int:
    """Announce a release that is public now to every subscriber of its category, once each."""
    from django.db import IntegrityError

    article = Article.objects.published().filter(pk=article_id).exclude(kind=Kind.COVERAGE).first()
    if article is None or article.release_at < timezone.now() - NOTICE_WINDOW:
        return 0
    subscribers = (
        Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .filter(Q(categories=None) | Q(categories=article.category_id))
        .exclude(notices__article=article)
        .distinct()
        .order_by("pk")
    )
    url = settings.SITE_URL + article.get_absolute_url()
    started, sent = time.monotonic(), 0
    with mailers.default as connection:
        for subscriber in subscribers:
            try:
                with transaction.atomic():
                    notice = SubscriberNotice.objects.create(subscriber=subscriber, article=article)
            except IntegrityError:
                continue  # another run announced it
            _throttle(started, sent)
            try:
                connection.send_messages(
                    [_subscriber_message(subscriber, "notice", {"article": article, "url": url})]
                )
            except Exception as error:  # recorded; a notice is never sent twice
                SubscriberNotice.objects.filter(pk=notice.pk).update(
                    state=DeliveryState.FAILED, error=f"{type(error).__name__}: {error}"[:500]
                )
                continue
            sent += 1
            SubscriberNotice.objects.filter(pk=notice.pk).update(
                state=DeliveryState.SENT, sent_at=timezone.now()
            )
    return sent


def subscriber_export(subscriber, *, by, request=None) -> bytes:
    """Everything kept about one subscriber, as JSON (the right of access)."""
    import json

    if not by.has_perm("distribution.view_subscriber"):
        raise PermissionDenied
    data = {
        "email": subscriber.email,
        "categories": [c.name for c in subscriber.categories.all()],
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
        "confirmed_ip": subscriber.confirmed_ip,
        "unsubscribed_at": subscriber.unsubscribed_at and subscriber.unsubscribed_at.isoformat(),
        "consent": {
            "text": subscriber.consent_text,
            "version": subscriber.consent_version,
            "at": subscriber.consent_at.isoformat(),
            "ip": subscriber.consent_ip,
            "user_agent": subscriber.consent_user_agent,
        },
        "notices": [
            {
                "release": notice.article.headline,
                "state": notice.state,
                "sent_at": notice.sent_at and notice.sent_at.isoformat(),
            }
            for notice in subscriber.notices.select_related("article").order_by("pk")
        ],
    }
    audit_record(
        action=Action.EXPORT, actor=by, request=request, what="subscriber",
        subscriber=subscriber.pk,
    )  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


@transaction.atomic
def subscribers_erase(queryset, *, by, request=None) -> int:
    """Erase subscribers and everything about them; the audit line keeps only their numbers."""
    if not by.has_perm("distribution.delete_subscriber"):
        raise PermissionDenied
    ids = list(queryset.values_list("pk", flat=True))
    Subscriber.objects.filter(pk__in=ids).delete()
    audit_record(action=Action.SUBSCRIBER_ERASE, actor=by, request=request, subscribers=ids)
    return len(ids)
