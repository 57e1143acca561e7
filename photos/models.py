import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel

DEFAULT_CREDIT = "사진=경북테크노파크"
DEFAULT_RIGHTS_HOLDER = "경북테크노파크"


PHOTO_DIR = "photos/"


def photo_upload_to(instance, filename):
    # Random names: a photo's address must not be guessable before its release is public.
    suffix = PurePath(filename).suffix.lower() or ".jpg"
    return f"{PHOTO_DIR}{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Licence(models.TextChoices):
    KOGL_1 = "kogl-1", _("공공누리 제1유형 (출처표시)")
    KOGL_2 = "kogl-2", _("공공누리 제2유형 (출처표시, 상업적 이용금지)")
    KOGL_3 = "kogl-3", _("공공누리 제3유형 (출처표시, 변경금지)")
    KOGL_4 = "kogl-4", _("공공누리 제4유형 (출처표시, 상업적 이용금지, 변경금지)")
    PRESS_ONLY = "press", _("보도 목적 사용만 허용")
    ALL_RIGHTS = "all-rights", _("저작권자 허락 필요")


class Consent(models.TextChoices):
    NOT_NEEDED = "not-needed", _("식별 가능한 인물 없음")
    OBTAINED = "obtained", _("인물 동의 받음")
    PENDING = "pending", _("동의 확인 필요")


class PhotoQuerySet(models.QuerySet):
    def public(self, at=None):
        """Photos something public shows now (or at `at`); see photos.visibility."""
        from photos.visibility import public_photos_q

        return self.filter(public_photos_q(at))

    def locked(self):
        """Photos shown by anything past its draft: under review, approved, scheduled, public."""
        from photos.visibility import locked_photos_q

        return self.filter(locked_photos_q())


class Photo(AuditedModel):
    image = models.ImageField(
        _("사진 파일"),
        upload_to=photo_upload_to,
        db_index=True,  # photos.views finds a photo by its address, which is its storage name
        help_text=_("JPEG, PNG, WebP. 위치(GPS)와 카메라 일련번호 정보는 저장할 때 지워집니다."),
    )
    # As displayed (EXIF rotation applied), set from the upload by photos.services; pages size images by them.
    width = models.PositiveIntegerField(_("가로(px)"), editable=False, default=0)
    height = models.PositiveIntegerField(_("세로(px)"), editable=False, default=0)
    original_filename = models.CharField(
        _("원본 파일 이름"), max_length=255, blank=True, editable=False
    )
    caption = models.TextField(
        _("사진 설명"), blank=True, help_text=_("기사에 사진과 함께 실리는 설명입니다.")
    )
    alt_text = models.CharField(
        _("대체 텍스트"),
        max_length=300,
        help_text=_(
            "화면을 볼 수 없는 독자에게 읽어 주는 설명입니다. 사진에 보이는 것을 한 문장으로 쓰세요."
        ),
    )
    credit = models.CharField(
        _("사진 출처 표기"),
        max_length=120,
        default=DEFAULT_CREDIT,
        help_text=_("기사에 [사진=경북테크노파크] 형태로 표시됩니다."),
    )
    rights_holder = models.CharField(_("저작권자"), max_length=120, default=DEFAULT_RIGHTS_HOLDER)
    licence = models.CharField(
        _("이용 조건"), max_length=16, choices=Licence.choices, default=Licence.KOGL_1
    )
    consent = models.CharField(
        _("인물 초상 동의"),
        max_length=16,
        choices=Consent.choices,
        default=Consent.NOT_NEEDED,
        help_text=_("알아볼 수 있는 사람이 찍힌 사진은 동의를 받았는지 표시하세요."),
    )
    taken_at = models.DateTimeField(_("촬영 일시"), null=True, blank=True)
    # Of the stored file, set whenever a file is stored (photos.services): web copies are named by
    # it and their addresses carry its start, so a changed file gets new ones (photos.renditions).
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Whether the task worker has made the web copies for the file with this sha256; until then
    # pages' picture addresses serve the original.
    renditions_ready = models.BooleanField(default=False, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("사진")
        verbose_name_plural = _("사진")
        ordering = ["-created_at"]

    def __str__(self):
        return self.caption[:60] or self.alt_text[:60] or self.original_filename

    def can_change(self, user):
        """Editors change any photo; a writer only their own, while only drafts show it.

        Once a release or event that shows the photo is submitted, approved, scheduled or public,
        its picture and caption are what the editor approved: only editors change them.
        """
        if not user.has_perm("photos.change_photo"):
            return False
        if user.has_perm("photos.delete_photo"):
            return True
        return (
            self.created_by_id == user.pk and not Photo.objects.locked().filter(pk=self.pk).exists()
        )

    def get_absolute_url(self):
        # Photos are served through a view that applies the public rule, never straight from storage.
        return reverse("photos:file", kwargs={"name": self.image.name.removeprefix(PHOTO_DIR)})

    @property
    def credit_line(self):
        """The Korean style shown under a picture: [사진=경북테크노파크]."""
        return f"[{self.credit}]" if self.credit else ""


class OrderedPhotoLink(models.Model):
    """A photo placed in a release or an event, in the order staff chose."""

    photo = models.ForeignKey(
        Photo, verbose_name=_("사진"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return str(self.photo)
