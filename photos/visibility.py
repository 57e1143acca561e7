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
from functools import reduce
from operator import or_

from django.db.models import Q


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
