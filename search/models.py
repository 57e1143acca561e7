from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RELEASE = "release", _("보도자료")
    EVENT = "event", _("행사")
    QUOTE = "quote", _("발언")
    PERSON = "person", _("인물")


class SearchEntry(models.Model):
    """The precomputed search document of one release, event, quote or person.

    `terms_a/b/c` hold analysed terms, space-separated, by weight (title, summary, body). On
    PostgreSQL a generated `document` tsvector over them carries a GIN index (see the migration);
    visibility is never stored here: queries join the items' own public rules. An entry made by a
    change before the task worker analysed the item has no terms yet, so it matches nothing.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    # The same item as a real relation, so visibility is a join on primary keys and deleting the item
    # deletes its entry.
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quote = models.ForeignKey(
        "spokespeople.Quote", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "spokespeople.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("종류"), max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(_("제목"), max_length=300)
    url = models.CharField(_("주소"), max_length=300)
    date = models.DateTimeField(_("날짜"), null=True, blank=True, db_index=True)
    text = models.TextField(_("본문"), blank=True, help_text=_("검색 결과의 발췌에 쓰는 평문"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    article_kind = models.CharField(max_length=16, blank=True, db_index=True)
    terms_a = models.TextField(blank=True)
    terms_b = models.TextField(blank=True)
    terms_c = models.TextField(blank=True)
    # " term term … " over all weights: the embedded (SQLite) engine matches on it.
    terms_all = models.TextField(blank=True)
    # The terms with their positions and weights, as tsvector text ('이차전지':3A,41C …): on
    # PostgreSQL the generated `document` is this, so ranking knows sections and word distances.
    document_source = models.TextField(blank=True)
    # Generations (see search/services.py): every change that affects the entry raises `wanted` and
    # queues a task; `indexed` is the generation the stored document reflects. A worker analysing
    # the item holds it until `indexing_until`.
    wanted = models.PositiveBigIntegerField(_("요청된 색인 차례"), default=0)
    indexed = models.PositiveBigIntegerField(_("반영된 색인 차례"), default=0)
    indexing_until = models.DateTimeField(_("색인 작업 점유 기한"), null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_search_entry"
            )
        ]

    def __str__(self):
        return self.title


class SynonymGroup(models.Model):
    """Words that find each other: 경북TP, 경북테크노파크, GBTP. Staff keep this list."""

    terms = models.TextField(
        _("같은 뜻의 말"),
        help_text=_(
            "쉼표나 줄바꿈으로 나눠 쓰세요. 예: 이차전지, 2차전지, 배터리. 이 중 하나로 찾으면 나머지도 찾습니다."
        ),
    )
    note = models.CharField(_("메모"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("동의어")
        verbose_name_plural = _("동의어")
        ordering = ["id"]

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self):
        return [t.strip() for t in self.terms.replace("\n", ",").split(",") if t.strip()]


class SearchWord(models.Model):
    """The lexicon: each word form the index has seen, with what the analyser made of it.

    Written at index time by the task worker (Kiwi); read at query time by web workers, so a query
    word gets the analysis the index gave it without loading Kiwi there (see search/analysis.py).
    Forms stay after the items that brought them are gone: the lexicon shapes queries, and
    results still come only from the index under the public rule.
    """

    form = models.CharField(_("낱말"), max_length=100, primary_key=True)
    analysis = models.CharField(_("분석"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("색인 낱말")
        verbose_name_plural = _("색인 낱말")

    def __str__(self):
        return self.form
