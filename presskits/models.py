from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Kind
from core.models import PublishableModel, PublishableQuerySet, published_q
from events.models import Event
from photos.models import Photo
from spokespeople.models import Person


class PressKitQuerySet(PublishableQuerySet):
    def published(self, at=None):
        """A kit is public when it is published and so is everything in it.

        A kit holding an embargoed release therefore stays hidden until that release's 보도시점: the
        latest 보도시점 of its contents decides.
        """
        hidden_articles = Article.objects.exclude(published_q(at)).filter(presskits=OuterRef("pk"))
        hidden_events = Event.objects.exclude(published_q(at)).filter(presskits=OuterRef("pk"))
        return super().published(at).exclude(Exists(hidden_articles)).exclude(Exists(hidden_events))


class PressKit(PublishableModel):
    title = models.CharField(_("키트 제목"), max_length=200)
    slug = models.SlugField(
        _("주소용 이름"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        help_text=_("공개 주소와 ZIP 파일 이름에 쓰입니다. 예: steel-expo-2023-kit"),
    )
    summary = models.TextField(_("소개"), blank=True)
    articles = models.ManyToManyField(
        Article, verbose_name=_("보도자료"), blank=True, related_name="presskits"
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("행사"), blank=True, related_name="presskits"
    )
    photos = models.ManyToManyField(
        Photo,
        verbose_name=_("추가 사진"),
        blank=True,
        related_name="+",
        help_text=_("보도자료와 행사에 딸린 사진은 저절로 들어갑니다. 그 밖의 사진만 고르세요."),
    )
    people = models.ManyToManyField(
        Person,
        verbose_name=_("대변인"),
        blank=True,
        related_name="+",
        help_text=_("발언이 실린 대변인은 저절로 들어갑니다."),
    )

    objects = PressKitQuerySet.as_manager()

    class Meta:
        verbose_name = _("보도자료 키트")
        verbose_name_plural = _("보도자료 키트")
        ordering = ["-release_at", "-id"]
        permissions = [
            ("review_presskit", _("키트 검토 (승인, 돌려보내기)")),
            ("publish_presskit", _("키트 게시, 게시 중단")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("presskits:detail", kwargs={"key": self.slug})


class Licence(models.TextChoices):
    """공공누리 (Korea Open Government License) types, as printed on public-sector releases."""

    TYPE_1 = "1", _("공공누리 제1유형(출처표시)")
    TYPE_2 = "2", _("공공누리 제2유형(출처표시, 상업적 이용금지)")
    TYPE_3 = "3", _("공공누리 제3유형(출처표시, 변경금지)")
    TYPE_4 = "4", _("공공누리 제4유형(출처표시, 상업적 이용금지, 변경금지)")


def _logo_name(instance, filename):
    return f"letterhead/{filename}"


class Letterhead(models.Model):
    """보도자료 양식: the institution's identity printed on every release document. One row only."""

    name = models.CharField(_("기관명"), max_length=100, default="(재)경북테크노파크")
    logo = models.FileField(
        _("로고"),
        upload_to=_logo_name,
        blank=True,
        help_text=_("PNG 또는 SVG 파일. 보도자료 맨 위 기관명 옆에 들어갑니다."),
    )
    address = models.CharField(
        _("주소"), max_length=200, blank=True, default="경상북도 경산시 삼풍로 27"
    )
    homepage = models.URLField(_("홈페이지"), blank=True, default="https://www.gbtp.or.kr")
    phone = models.CharField(_("대표 전화"), max_length=40, blank=True, default="053-819-3000")
    licence = models.CharField(
        _("공공누리 유형"), max_length=2, choices=Licence.choices, default=Licence.TYPE_1
    )
    footer = models.CharField(
        _("바닥글"),
        max_length=200,
        blank=True,
        help_text=_("문서 맨 아래에 들어가는 한 줄. 예: 기업과 함께 성장하는 경북테크노파크"),
    )
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        verbose_name = _("보도자료 양식")
        verbose_name_plural = _("보도자료 양식")

    def __str__(self):
        return str(_("보도자료 양식"))

    @classmethod
    def current(cls) -> "Letterhead":
        """The one row; an unsaved default until staff save the form for the first time."""
        return cls.objects.order_by("pk").first() or cls()


class KitTarget(models.TextChoices):
    RELEASE = "release", _("보도자료 키트")
    EVENT = "event", _("행사 키트")
    PRESSKIT = "presskit", _("묶음 키트")


class KitBuildQuerySet(models.QuerySet):
    def public(self, at=None):
        """Stored kits anyone may download: built, and their release, event or kit is public."""
        return self.filter(built__gt=0, built=models.F("wanted")).filter(
            models.Q(
                article__in=Article.objects.filter(published_q(at)).exclude(kind=Kind.COVERAGE)
            )
            | models.Q(event__in=Event.objects.filter(published_q(at)))
            | models.Q(presskit__in=PressKit.objects.published(at))
        )


class KitBuild(models.Model):
    """The stored press kit of one release, event or curated kit, built by a background task.

    `wanted` counts the changes that asked for a build; `built` is the change the stored files
    show. The kit is served only while they are equal, so a download never carries content that
    has since been changed or withdrawn; the page says a new kit is being made until then.
    """

    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="kit_build"
    )
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="kit_build"
    )
    presskit = models.OneToOneField(
        PressKit, null=True, blank=True, on_delete=models.CASCADE, related_name="kit_build"
    )
    wanted = models.PositiveIntegerField(default=1)
    built = models.PositiveIntegerField(default=0)
    building_until = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    zip_name = models.CharField(max_length=200, blank=True)
    zip_size = models.PositiveBigIntegerField(default=0)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    download_name = models.CharField(max_length=200, blank=True)
    problems = models.JSONField(default=list, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = KitBuildQuerySet.as_manager()

    class Meta:
        verbose_name = _("키트 파일")
        verbose_name_plural = _("키트 파일")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(article__isnull=False, event__isnull=True, presskit__isnull=True)
                    | models.Q(article__isnull=True, event__isnull=False, presskit__isnull=True)
                    | models.Q(article__isnull=True, event__isnull=True, presskit__isnull=False)
                ),
                name="kitbuild_has_one_owner",
            )
        ]

    def __str__(self):
        return f"{self.target}:{self.owner_id}"

    @property
    def target(self) -> str:
        if self.article_id:
            return KitTarget.RELEASE
        return KitTarget.EVENT if self.event_id else KitTarget.PRESSKIT

    @property
    def target_label(self) -> str:
        return KitTarget(self.target).label

    @property
    def owner_id(self) -> int:
        return self.article_id or self.event_id or self.presskit_id

    @property
    def owner(self):
        return self.article or self.event or self.presskit

    @property
    def ready(self) -> bool:
        return self.built > 0 and self.built == self.wanted and bool(self.zip_name)


class KitFile(models.Model):
    """One file of a stored kit, kept under its SHA-256 so kits that share a photo store it once."""

    build = models.ForeignKey(KitBuild, on_delete=models.CASCADE, related_name="files")
    order = models.PositiveIntegerField()
    path = models.CharField(max_length=400)
    storage_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order"]
        indexes = [models.Index(fields=["storage_name"])]

    def __str__(self):
        return self.path

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @property
    def format(self) -> str:
        suffix = self.name.rsplit(".", 1)[-1].upper() if "." in self.name else ""
        return suffix
