"""Abstract building blocks shared by the content apps. No concrete models live here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where an item stands in the press office's process."""

    DRAFT = "draft", _("작성 중")
    REVIEW = "review", _("검토 요청")
    APPROVED = "approved", _("승인됨")
    PUBLISHED = "published", _("게시")
    WITHDRAWN = "withdrawn", _("게시 중단")


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one rule for "public": published status and a release time that has passed.

        Decided at query time, so an embargoed item appears by itself when its time comes.
        """
        return self.filter(
            status=Status.PUBLISHED,
            release_at__isnull=False,
            release_at__lte=at or timezone.now(),
        )


class AuditedModel(models.Model):
    """Who created and last changed a record. Deleting a user never deletes content."""

    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("최종 수정자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class PublishableModel(AuditedModel):
    """An item the public may see once it is published and its release time has passed."""

    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    release_at = models.DateTimeField(
        _("공개 일시"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "이 시각이 지나야 공개 사이트에 나타납니다. 비워 두고 게시하면 즉시 공개됩니다."
        ),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Derive, never act: fill in the release time from the fields that decide it.
        self.release_at = self.resolve_release_at()
        super().save(*args, **kwargs)

    def resolve_release_at(self):
        """The moment the item becomes public; publishing without a time means "now"."""
        if self.release_at is None and self.status == Status.PUBLISHED:
            return timezone.now()
        return self.release_at

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.release_at is not None
            and self.release_at <= timezone.now()
        )
