"""Readable differences between two stored revisions of an item, for the admin history page."""

import difflib
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.fields import RichTextField
from core.sanitize import plain_text

SKIPPED = {"version", "updated_at", "updated_by_id", "created_at", "created_by_id"}


@dataclass
class DiffRow:
    label: str
    html: str


def _as_text(field, value):
    if value is None or value == "":
        return ""
    if isinstance(field, models.ManyToManyField):
        names = field.related_model._default_manager.filter(pk__in=value or [])
        return "\n".join(sorted(str(obj) for obj in names))
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, RichTextField):
        # Rich text: compare the words a reader sees, one paragraph per line.
        return "\n".join(
            line.strip() for line in plain_text(str(value)).splitlines() if line.strip()
        )
    return str(value)


def _inline_diff(before, after):
    """Word-level marks: removed words in <del>, added words in <ins>."""
    a, b = before.split(" "), after.split(" ")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return " ".join(parts)


def text_diff(before: str, after: str) -> str:
    lines = []
    before_lines, after_lines = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=before_lines, b=after_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = before_lines[i1:i2], after_lines[j1:j2]
        if op == "replace" and len(old) == len(new):
            lines += [_inline_diff(o, n) for o, n in zip(old, new, strict=True)]
        else:
            lines += [format_html("<del>{}</del>", line) for line in old]
            lines += [format_html("<ins>{}</ins>", line) for line in new]
    return mark_safe("<br>".join(lines))


def revision_diff(model, older, newer) -> list[DiffRow]:
    """What changed in `model`'s own fields from one stored version to another."""
    rows = []
    old_data, new_data = older.field_dict, newer.field_dict
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    for field in fields:
        if field.attname in SKIPPED or field.primary_key:
            continue
        if field.attname not in old_data and field.attname not in new_data:
            continue
        before = _as_text(field, old_data.get(field.attname))
        after = _as_text(field, new_data.get(field.attname))
        if before != after:
            rows.append(DiffRow(str(field.verbose_name), text_diff(before, after)))
    return rows
