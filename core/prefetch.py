"""Short related lists read with their owner in one query, instead of one query per list.

A release page shows its photo rows (each with its photo), 담당자 rows (each with the person),
붙임, tags, corrections and curated kits: `prefetch_related` reads each list with a query of its
own. On PostgreSQL `prefetch_nested()` folds them into the owner's own query, one
`ARRAY(SELECT jsonb_build_object('row', to_jsonb(t.*), ...) ...)` column per list, each an index
lookup on the list's foreign key, and hands the rows to Django's relation managers exactly as
`prefetch_related` would: `article.photo_links.all()` then runs no query, and `link.photo` is
already there. Elsewhere (SQLite in `make run`) it is `prefetch_related` with the same querysets.

Keep it for short lists (rows a person wrote: photos of a release, sessions of an event), not for
relations that grow with the newsroom.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Expression,
    F,
    JSONField,
    ManyToManyField,
    ManyToManyRel,
    ManyToOneRel,
    OuterRef,
    Prefetch,
)
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable


@dataclass(frozen=True)
class Nested:
    """One related list: the relation's name on the owner, the foreign keys of each row to bring
    with it (`joined`), and optionally the rows' own queryset (a rule, an ordering)."""

    relation: str
    joined: tuple[str, ...] = ()
    queryset: object = None
    column: str = field(init=False, default="")

    def __post_init__(self):
        object.__setattr__(self, "column", f"_nested_{self.relation}")


def prefetch_nested(queryset, *lists: Nested):
    """`queryset` with each of `lists` read inside its own query (see the module's text)."""
    if connection.vendor != "postgresql":
        return queryset.prefetch_related(*(_fallback(queryset.model, spec) for spec in lists))
    from django.contrib.postgres.expressions import ArraySubquery

    plans = []
    for spec in lists:
        plan = _Plan(queryset.model, spec)
        queryset = queryset.annotate(**{spec.column: ArraySubquery(plan.subquery())})
        plans.append(plan)
    queryset = queryset.all()
    queryset._iterable_class = type("NestedIterable", (_NestedIterable,), {"plans": plans})
    return queryset


def _fallback(model, spec):
    related = _Plan(model, spec).related
    rows = spec.queryset if spec.queryset is not None else related._default_manager.all()
    return Prefetch(spec.relation, queryset=rows.select_related(*spec.joined))


class _Plan:
    def __init__(self, model, spec: Nested):
        self.spec = spec
        relation = model._meta.get_field(spec.relation)
        self.related = relation.related_model
        self.back = None  # the rows' foreign key to the owner, set on each row when known
        if isinstance(relation, ManyToOneRel) and not isinstance(relation, ManyToManyRel):
            self.link = relation.field.name
            self.back = relation.field.name
            self.cache_name = relation.get_accessor_name()
        elif isinstance(relation, ManyToManyField):
            self.link = relation.related_query_name()
            self.cache_name = relation.name
        elif isinstance(relation, ManyToManyRel):
            self.link = relation.field.name
            self.cache_name = relation.field.related_query_name()
        else:
            raise TypeError(f"{spec.relation}: not a list of related rows")
        self.joined = {
            name: self.related._meta.get_field(name).related_model for name in spec.joined
        }

    def subquery(self):
        rows = self.spec.queryset
        if rows is None:
            rows = self.related._default_manager.all()
        parts = {"row": _RowOf(_any_column(self.related))}
        for name, model in self.joined.items():
            parts[name] = _RowOf(f"{name}__{_any_column(model)}")
        return rows.filter(**{self.link: OuterRef("pk")}).values(_row=JSONObject(**parts))

    def attach(self, owner):
        rows = owner.__dict__.pop(self.spec.column) or []
        instances = []
        for parts in rows:
            instance = _instance(self.related, parts["row"])
            for name, model in self.joined.items():
                joined = parts.get(name)
                # A null foreign key gives an object of nulls, not a null.
                present = joined and joined.get(model._meta.pk.column) is not None
                setattr(instance, name, _instance(model, joined) if present else None)
            if self.back:
                setattr(instance, self.back, owner)
            instances.append(instance)
        manager = getattr(owner, self.spec.relation)
        queryset = manager.get_queryset()
        queryset._result_cache = instances
        queryset._prefetch_done = True
        if not hasattr(owner, "_prefetched_objects_cache"):
            owner._prefetched_objects_cache = {}
        owner._prefetched_objects_cache[self.cache_name] = queryset


def _instance(model, row):
    """A model instance from its row as jsonb gave it (dates as ISO text, read back by each field)."""
    values = []
    for f in model._meta.concrete_fields:
        value = row.get(f.column)
        if value is not None and f.get_internal_type() in _PARSED:
            value = f.to_python(value)
        values.append(value)
    return model.from_db(connection.alias, None, values)


# Field types whose values jsonb gives as text or float rather than as Python values.
_PARSED = {"DateTimeField", "DateField", "TimeField", "DecimalField", "UUIDField", "DurationField"}


def _any_column(model):
    # A column other than the primary key: a path to a joined model's primary key alone would be
    # read from the foreign key column, without the join whose table `_RowOf` needs.
    return next(f.name for f in model._meta.concrete_fields if not f.primary_key)


class _RowOf(Expression):
    """`to_jsonb(<table>.*)`: the whole row of the table that a column path ends in, as one jsonb
    object keyed by column name. One path to resolve per table, where naming each field made
    Django resolve every one of them on every request."""

    output_field = JSONField()

    def __init__(self, path):
        super().__init__()
        self.column = F(path)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        return f"to_jsonb({connection.ops.quote_name(self.column.alias)}.*)", []


class _NestedIterable(ModelIterable):
    plans: list = []

    def __iter__(self):
        for owner in super().__iter__():
            for plan in self.plans:
                plan.attach(owner)
            yield owner
