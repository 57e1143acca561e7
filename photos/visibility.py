"""Which photos the public may load. Content apps register the rule for the photos they show.

A photo is public when something public shows it: a published release, a published event, a
spokesperson's page. Each app states that with its own `published()` rule, so photos follow
embargoes without a rule of their own.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db.models import Q

_rules: list[Callable[..., Q]] = []


def register(rule: Callable[..., Q]):
    """`rule(at)` returns a filter on Photo selecting the photos public at moment `at`."""
    _rules.append(rule)
    return rule


def public_photos_q(at=None) -> Q:
    if not _rules:
        return Q(pk__in=[])
    return reduce(or_, (rule(at) for rule in _rules))
