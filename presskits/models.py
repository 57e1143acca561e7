from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
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
        at = at or timezone.now()
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
        return reverse("presskits:detail", kwargs={"slug": self.slug})
