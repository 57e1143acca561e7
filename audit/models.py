from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("로그인")
    LOGIN_FAILED = "login-failed", _("로그인 실패")
    LOGOUT = "logout", _("로그아웃")
    SUBMIT = "submit", _("검토 요청")
    APPROVE = "approve", _("승인")
    RETURN = "return", _("돌려보내기")
    PUBLISH = "publish", _("게시")
    UNPUBLISH = "unpublish", _("게시 중단")
    REDRAFT = "redraft", _("다시 작성")
    RECALL = "recall", _("검토 요청 취소")
    CORRECT = "correct", _("정정")
    DUPLICATE = "duplicate", _("복제")
    EMBARGO = "embargo", _("보도시점 변경")
    RESTORE = "restore", _("이전 버전 복원")
    SHARE_CREATE = "share-create", _("공유 링크 생성")
    SHARE_REVOKE = "share-revoke", _("공유 링크 폐기")
    SHARE_OPEN = "share-open", _("공유 링크 열람")
    SHARE_MAIL = "share-mail", _("공유 링크 메일 발송")
    SHARE_MAIL_FAILED = "share-mail-failed", _("공유 링크 메일 발송 실패")
    EXPORT = "export", _("내보내기")
    CONTACTS_IMPORT = "contacts-import", _("연락처 가져오기")
    MEDIA_LIST = "media-list", _("명단 변경")
    MAILING_QUEUE = "mailing-queue", _("배포 예약")
    MAILING_SENT = "mailing-sent", _("배포 완료")
    MAILING_CANCEL = "mailing-cancel", _("배포 취소")
    UNSUBSCRIBE = "unsubscribe", _("수신 거부")
    SUBSCRIBE = "subscribe", _("구독 신청")
    SUBSCRIBE_CONFIRM = "subscribe-confirm", _("구독 확인")
    SUBSCRIBER_ERASE = "subscriber-erase", _("구독자 정보 파기")
    LOCKED_OUT = "locked-out", _("로그인 잠김")
    UNLOCK = "unlock", _("로그인 잠금 해제")
    OTP_ENROL = "otp-enrol", _("2단계 인증 등록")
    OTP_VERIFY = "otp-verify", _("2단계 인증")
    OTP_FAILED = "otp-failed", _("2단계 인증 실패")
    RECOVERY_USED = "otp-recovery", _("복구 코드 사용")
    OTP_RESET = "otp-reset", _("2단계 인증 초기화")
    ACCOUNT_ACCESS = "account-access", _("계정 권한 변경")
    PASSWORD_RESET = "password-reset", _("비밀번호 재설정")
    BACKUP = "backup", _("백업")
    BACKUP_RESTORE = "backup-restore", _("백업에서 복원")


class AuditEvent(models.Model):
    """One line of the press office's audit trail. Written by services, never edited."""

    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    action = models.CharField(_("작업"), max_length=20, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("수행자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("수행자 표시"),
        max_length=150,
        blank=True,
        help_text=_("계정이 없거나 삭제된 경우의 표시"),
    )
    ip = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    object_type = models.CharField(_("대상 종류"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("대상 번호"), max_length=64, blank=True)
    object_repr = models.CharField(_("대상"), max_length=300, blank=True)
    details = models.JSONField(_("내용"), default=dict, blank=True)

    class Meta:
        verbose_name = _("감사 기록")
        verbose_name_plural = _("감사 기록")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.object_repr or self.actor_label}"
