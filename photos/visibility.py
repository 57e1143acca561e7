"""Which photos the public may load, and which photos only editors may change.

A photo is public while something public shows it: a published release or event (in its photo list
or placed in its text), a published press kit, a spokesperson's page. A photo is locked — only
editors change it — as soon as something past its draft shows it, so a writer cannot swap the
picture or caption of a release under review or scheduled for its 보도시점. Each content app states
both rules for the photos it shows, with its own `published()` rule, so photos follow embargoes
without a rule of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class PhotoUse:
    # public(at) -> a filter on Photo: the photos this kind of item shows publicly at moment `at`.
    public: Callable[..., Q]
    # locked() -> a filter on Photo: the photos shown by items of this kind that left their draft.
    locked: Callable[[], Q]


_uses: list[PhotoUse] = []


def register(*, public: Callable[..., Q], locked: Callable[[], Q]):
    _uses.append(PhotoUse(public=public, locked=locked))


def _any(filters) -> Q:
    filters = list(filters)
    return reduce(or_, filters) if filters else Q(pk__in=[])


def public_photos_q(at=None) -> Q:
    return _any(use.public(at) for use in _uses)


def locked_photos_q() -> Q:
    return _any(use.locked() for use in _uses)


# The check a file request makes: is this one photo public now? Building the filter above through the
# ORM costs more than running it (six subqueries, resolved and compiled on every request), so it is
# compiled once per process and only the photo and the moment change between requests.

_compiled: dict[int, tuple[str, list, list[int], int]] = {}
_PROBES = ((1, datetime(2001, 1, 1, tzinfo=UTC)), (2, datetime(2002, 2, 2, tzinfo=UTC)))


def _compile():
    from photos.models import Photo

    def sql_for(pk, at):
        query = Photo.objects.filter(public_photos_q(at), pk=pk).order_by().values("pk")[:1].query
        return query.sql_with_params()

    (sql, first), (other_sql, second) = (sql_for(pk, at) for pk, at in _PROBES)
    if sql != other_sql or len(first) != len(second):
        return None  # a rule whose SQL depends on the moment: no shortcut
    moments, pks = [], []
    for index, (a, b) in enumerate(zip(first, second, strict=True)):
        if a == b:
            continue
        if a == _PROBES[0][0] and b == _PROBES[1][0]:
            pks.append(index)
        else:
            moments.append(index)
    if len(pks) != 1:
        return None
    return sql, list(first), moments, pks[0]


def photo_is_public(pk: int, at=None) -> bool:
    """Whether something public shows photo `pk` now (or at `at`): `public_photos_q` for one row."""
    from photos.models import Photo  # photos.models reads this module: imported when used

    key = len(_uses)
    if key not in _compiled:
        _compiled[key] = _compile()
    compiled = _compiled[key]
    at = at or timezone.now()
    if compiled is None:
        return Photo.objects.filter(public_photos_q(at), pk=pk).exists()
    sql, params, moments, pk_index = compiled
    params = list(params)
    params[pk_index] = pk
    moment = connection.ops.adapt_datetimefield_value(at)
    for index in moments:
        params[index] = moment
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None
