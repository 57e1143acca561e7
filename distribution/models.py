"""Sending a release to journalists: one Mailing per send, one Delivery per recipient.

A mailing is queued by an editor and sent by the task worker at its moment (the release's 보도시점,
or at once for an advance send under embargo). Each delivery records what became of one message;
`Suppression` is the list of addresses that asked for no more mail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from contacts.models import Journalist, MediaList
from sharing.models import ShareLink


class Mode(models.TextChoices):
    ON_TIME = "on_time", _("보도시점에 발송")
    ADVANCE = "advance", _("엠바고 사전 발송")


class MailingState(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    SENDING = "sending", _("발송 중")
    DONE = "done", _("발송 완료")
    CANCELLED = "cancelled", _("발송 취소")


class Mailing(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("보도자료"), on_delete=models.CASCADE, related_name="mailings"
    )
    mode = models.CharField(_("발송 방식"), max_length=16, choices=Mode.choices)
    lists = models.ManyToManyField(MediaList, verbose_name=_("명단"), blank=True)
    send_at = models.DateTimeField(_("발송 시각"))
    # The 보도시점 when the mailing was queued: if the release moves, nothing is sent.
    release_at = models.DateTimeField(_("예약 당시 보도시점"), null=True, blank=True)
    state = models.CharField(
        _("상태"), max_length=16, choices=MailingState.choices, default=MailingState.QUEUED
    )
    note = models.CharField(_("메모"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("예약 일시"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("예약한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("끝난 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("보도자료 배포")
        verbose_name_plural = _("보도자료 배포")
        ordering = ["-created_at"]
        permissions = [("report_mailing", _("배포 결과 보고서를 볼 수 있음"))]

    def __str__(self):
        return f"{self.article.headline} · {self.get_mode_display()}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("대기")
    SENDING = "sending", _("보내는 중")
    SENT = "sent", _("보냄")
    REFUSED = "refused", _("서버가 거절")
    BOUNCED = "bounced", _("반송")
    FAILED = "failed", _("실패")
    SKIPPED = "skipped", _("보내지 않음")


class Delivery(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    journalist = models.ForeignKey(
        Journalist,
        verbose_name=_("기자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    name = models.CharField(_("받는 사람"), max_length=100)
    outlet = models.CharField(_("매체"), max_length=100, blank=True)
    email = models.EmailField(_("이메일"))
    state = models.CharField(
        _("상태"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    error = models.CharField(_("오류"), max_length=500, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("보낸 일시"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    link = models.ForeignKey(
        ShareLink,
        verbose_name=_("개인 링크"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("수신자")
        verbose_name_plural = _("수신자")
        ordering = ["mailing", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email"], name="one_delivery_per_address")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Suppression(models.Model):
    """An address that asked for no more press mail (수신 거부). Checked at every send."""

    email = models.EmailField(_("이메일"), unique=True)
    created_at = models.DateTimeField(_("수신 거부 일시"), auto_now_add=True)
    source = models.CharField(_("경로"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("수신 거부")
        verbose_name_plural = _("수신 거부")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class Subscriber(models.Model):
    """A reader or journalist who asked for new releases by e-mail (구독), with the consent given.

    Double opt-in: nothing is sent until the address confirms. The consent record keeps what was
    agreed to, when and from where, as 개인정보 보호법 expects; staff can export and erase it.
    """

    email = models.EmailField(_("이메일"), unique=True)
    categories = models.ManyToManyField(
        "articles.Category",
        verbose_name=_("분류"),
        blank=True,
        help_text=_("비워 두면 모든 보도자료를 받습니다."),
    )
    created_at = models.DateTimeField(_("신청 일시"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("확인 메일 발송 일시"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("확인 일시"), null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(_("확인한 IP 주소"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("해지 일시"), null=True, blank=True)
    consent_text = models.TextField(_("동의한 내용"))
    consent_version = models.CharField(_("동의문 판"), max_length=20)
    consent_at = models.DateTimeField(_("동의 일시"))
    consent_ip = models.GenericIPAddressField(_("동의한 IP 주소"), null=True, blank=True)
    consent_user_agent = models.CharField(_("동의한 브라우저"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("구독자")
        verbose_name_plural = _("구독자")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SubscriberNotice(models.Model):
    """One release announced to one subscriber: written before the message goes, so never twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="notices")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(
        _("상태"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.SENDING
    )
    sent_at = models.DateTimeField(_("보낸 일시"), null=True, blank=True)
    error = models.CharField(_("오류"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("구독 알림")
        verbose_name_plural = _("구독 알림")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "article"], name="one_notice_per_release")
        ]

    def __str__(self):
        return f"{self.subscriber} · {self.article_id}"
