"""What the desk, the calendar and the feed share: the content models and their admin addresses."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from articles.models import Article
from events.models import Event

CONTENT_MODELS = (Article, Event)


def admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def may_view(user, model) -> bool:
    return user.has_perm(model.permission("view")) or user.has_perm(model.permission("change"))


@dataclass
class Entry:
    """One line on the desk or one cell item in the calendar."""

    obj: object
    kind: str  # the model's Korean name: 보도자료, 행사
    title: str
    url: str
    when: datetime | None = None
    author: str = ""
    note: str = ""
    noted_at: datetime | None = None
    category: str = ""
    session: object = None  # for an event in the calendar, the session it stands for

    @property
    def state_label(self):
        return self.obj.state_label


def entry_for(obj, *, when=None, **extra) -> Entry:
    return Entry(
        obj=obj,
        kind=str(obj._meta.verbose_name),
        title=str(obj),
        url=admin_url(obj),
        when=when,
        **extra,
    )
