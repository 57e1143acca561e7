"""The release list's filters (kind, category, year, month), read from the query string."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category, Kind


class ReleaseFilter:
    fields = ("kind", "category", "year", "month")

    def __init__(self, params):
        self.kind = params.get("kind") if params.get("kind") in Kind.values else ""
        self.category = params.get("category", "")
        self.year = self._int(params.get("year"), 2000, 2100)
        self.month = self._int(params.get("month"), 1, 12) if self.year else None

    @staticmethod
    def _int(value, low, high):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if low <= number <= high else None

    def apply(self, queryset):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.category:
            queryset = queryset.filter(category__slug=self.category)
        if self.year:
            queryset = queryset.filter(release_at__year=self.year)
        if self.month:
            queryset = queryset.filter(release_at__month=self.month)
        return queryset

    def querystring(self, **extra):
        values = {
            "kind": self.kind,
            "category": self.category,
            "year": self.year,
            "month": self.month,
            **extra,
        }
        query = urlencode({k: v for k, v in values.items() if v})
        return f"?{query}" if query else ""

    @property
    def active(self):
        return any((self.kind, self.category, self.year))

    # Choices for the form; years come from what is actually published.
    def kind_choices(self):
        return [("", _("전체")), *Kind.choices]

    def category_choices(self):
        return [("", _("전체")), *((c.slug, c.name) for c in Category.objects.all())]

    def year_choices(self):
        years = Article.objects.published().dates("release_at", "year", order="DESC")
        return [("", _("전체")), *((str(d.year), f"{d.year}년") for d in years)]

    def month_choices(self):
        return [("", _("전체")), *((str(m), f"{m}월") for m in range(1, 13))]
