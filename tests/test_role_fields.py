"""Every admin form and inline, as 작성자 and as 편집자: a forged POST cannot set a field the form withholds.

For each registered model the walk opens the change form (and the add form) as the role, finds every
stored field the form offers no input for (read-only for the role, editor-only, workflow state,
fields the form never shows) and posts a value for each, on the item and on every inline row. What is
stored afterwards must equal what an honest save of the same form stores. A form the role may only
view, or not open at all, must change nothing whatever is posted.
"""

import hashlib
import re

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.test import RequestFactory

from articles.models import ArticleContact, Attachment, Category, Tag
from audit.models import Action
from audit.services import audit_record
from core.models import Status
from events.models import EventFact, EventOrganisation, OrganisationRole, Series
from presskits.models import Letterhead, PressKit
from search.models import SynonymGroup
from sharing.models import ShareLink
from sharing.services import sharelink_create
from spokespeople.admin import EDITOR_ONLY_QUOTE_FIELDS
from spokespeople.models import Quote
from tests.factories import (
    jpeg_bytes,
    make_article,
    make_contact,
    make_event,
    make_organisation,
    make_person,
    make_photo,
    make_quote,
    make_venue,
    upload,
)
from tests.forms import form_data, reverse_change

pytestmark = [pytest.mark.django_db]

ROLES = ["writer", "editor"]
# Stamps every save sets anew; an honest save changes them too.
STAMPS = {"updated_at", "updated_by", "version"}
# Worked out from the uploaded file, which differs between the two adds compared: checked against
# the stored file instead.
FILE_DIGESTS = {"sha256": "image"}


def _samples(writer, editor):
    """One stored item of each registered model, made so that the writer may change what a writer may."""
    article = make_article(status=Status.DRAFT, created_by=writer, photos=1)
    ArticleContact.objects.create(article=article, contact=make_contact())
    stored = default_storage.save("attachments/a.pdf", ContentFile(b"%PDF-1.4 sample"))
    Attachment.objects.create(article=article, title="붙임 1", file=stored)
    make_quote(article=article, created_by=writer)
    event = make_event(status=Status.DRAFT, created_by=writer)
    EventOrganisation.objects.create(
        event=event, organisation=make_organisation(), role=OrganisationRole.values[0]
    )
    EventFact.objects.create(event=event, label="규모", value="100명")
    make_quote(event=event, created_by=writer)
    kit = PressKit.objects.create(title="키트", slug="kit-sample", created_by=writer)
    link = ShareLink(target=make_article(status=Status.APPROVED), recipient_name="기자")
    sharelink_create(link=link, by=editor)
    audit_record(action=Action.LOGIN, actor=editor)
    # Second rows for foreign keys to point at when forged.
    make_venue()
    Series.objects.create(name="시리즈 2", slug="series-2")
    make_person()
    make_photo()
    make_article(status=Status.PUBLISHED)
    make_event(status=Status.PUBLISHED)
    for n in (1, 2):
        Category.objects.create(name=f"분류 {n}", slug=f"category-{n}")
        Tag.objects.create(name=f"태그 {n}", slug=f"tag-{n}")
    Series.objects.create(name="시리즈 1", slug="series-1")
    Letterhead.objects.get_or_create(pk=1)
    SynonymGroup.objects.create(terms="경북TP, 경북테크노파크")
    return {"article": article, "event": event, "kit": kit}


def _sample_of(model, samples):
    for obj in samples.values():
        if isinstance(obj, model):
            return obj
    if issubclass(model, Quote):
        return Quote.objects.filter(article=samples["article"]).first()
    return model._default_manager.order_by("pk").first()


def _request(user, method="get"):
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    return request


def _offered(page):
    """Every input name on the page, filled or not (a blank select or an unticked box is offered too)."""
    names = set(re.findall(r'name="([^"]+)"', page))
    return names | {re.sub(r"_[01]$", "", name) for name in names}


def _stored_fields(model):
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and f.name not in STAMPS and not getattr(f, "auto_now", False)
    ]


def _withheld(model, offered, prefix=""):
    return [
        f
        for f in _stored_fields(model)
        if prefix + f.name not in offered and prefix + f.attname not in offered
    ]


def _other_pk(related, current, users):
    if related._meta.label == "accounts.User" or related is type(users[0]):
        candidates = [u.pk for u in users]
    else:
        candidates = list(related._default_manager.values_list("pk", flat=True)[:20])
    others = [pk for pk in candidates if pk != current]
    return others[0] if others else None


def _forged(field, obj, users):
    """A value for `field` different from what `obj` holds: what a forger would post."""
    if field.many_to_many:
        held = set(getattr(obj, field.name).values_list("pk", flat=True)) if obj.pk else set()
        pks = list(field.related_model._default_manager.values_list("pk", flat=True)[:5])
        return [str(pk) for pk in pks if pk not in held] or None
    current = getattr(obj, field.attname)
    if field.is_relation:
        pk = _other_pk(field.related_model, current, users)
        return None if pk is None else str(pk)
    if field.choices:
        others = [value for value, _label in field.flatchoices if value != current and value != ""]
        return str(others[-1]) if others else None
    if isinstance(field, models.BooleanField):
        return "" if current else "on"
    if isinstance(field, models.DateTimeField):
        return "2020-01-02 03:04"
    if isinstance(field, models.DateField):
        return "2020-01-02"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return str((current or 0) + 7)
    if isinstance(field, models.JSONField):
        return '{"forged": true}'
    if isinstance(field, models.FileField):
        return None  # a file cannot be named in a form field; an upload would be an input offered
    if isinstance(field, models.GenericIPAddressField):
        return "10.9.8.7"
    if isinstance(field, (models.CharField, models.TextField)):
        return "forged-value"
    return None


def _put(data, name, value):
    data[name] = value
    if isinstance(value, str) and " " in value:  # a split date-time widget posts two parts
        data[f"{name}_0"], data[f"{name}_1"] = value.split(" ", 1)


def _snapshot(obj, fields):
    obj = type(obj)._default_manager.get(pk=obj.pk)
    return {
        f.name: (
            sorted(getattr(obj, f.name).values_list("pk", flat=True))
            if f.many_to_many
            else getattr(obj, f.attname)
        )
        for f in fields
    }


def _inlines(model_admin, user, obj):
    request = _request(user)
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)
        yield formset.get_default_prefix(), inline


def _role_only_fields(role, model):
    """Fields the rules reserve for editors on `model`, whether or not a form happens to offer them."""
    if role != "writer":
        return set()
    if issubclass(model, Quote):
        return set(EDITOR_ONLY_QUOTE_FIELDS)
    return {"status", "release_at", *getattr(model, "schedule_fields", ())} & {
        f.name for f in model._meta.fields
    }


def _forge_inline_rows(data, offered, inlines, obj, users, role):
    """Forge every withheld field of every stored inline row; returns what to compare afterwards.

    A field the rules reserve for editors is forged even where the form offers it: that is the
    hole the issue found (재사용 승인 in the release form's quote inline).
    """
    watched = []
    for prefix, inline in inlines:
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        for index in range(initial):
            row_prefix = f"{prefix}-{index}-"
            pk = data.get(f"{row_prefix}id")
            if not pk:
                continue
            row = inline.model._default_manager.get(pk=pk)
            withheld = _withheld(inline.model, offered, row_prefix)
            withheld += [
                inline.model._meta.get_field(name)
                for name in sorted(_role_only_fields(role, inline.model))
                if name not in {f.name for f in withheld}
            ]
            for field in withheld:
                value = _forged(field, row, users)
                if value is not None:
                    _put(data, row_prefix + field.name, value)
            watched.append((row, withheld))
    return watched


def _registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


MODELS = [model._meta.label for model, _admin in _registry()]


def _admin_for(label):
    return next(a for m, a in _registry() if m._meta.label == label)


def _expect_withheld_for_role(model_admin, role, obj, user):
    """Fields the rules name as the editors': the walk must find them withheld from a writer."""
    if role != "writer":
        return set()
    named = {"status", "release_at"} & {f.name for f in model_admin.model._meta.fields}
    named |= set(getattr(model_admin, "publisher_fields", ()))
    if issubclass(model_admin.model, Quote):
        named |= set(EDITOR_ONLY_QUOTE_FIELDS)
    return named


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", MODELS)
def test_forged_change_post_cannot_set_withheld_fields(
    label, role, writer, editor, writer_client, editor_client
):
    users = [writer, editor]
    user, client = (writer, writer_client) if role == "writer" else (editor, editor_client)
    model_admin = _admin_for(label)
    samples = _samples(writer, editor)
    obj = _sample_of(model_admin.model, samples)
    if obj is None:
        pytest.skip(f"{label}: no stored item to open (made only outside the admin)")
    url = reverse_change(obj)
    fields = _stored_fields(type(obj))
    page = client.get(url)
    may_change = page.status_code == 200 and model_admin.has_change_permission(_request(user), obj)

    if not may_change:
        # View-only or no access: every field forged, nothing may move (not even the version).
        before = _snapshot(obj, [*fields, *_stamps(obj)])
        data = {}
        for field in fields:
            value = _forged(field, obj, users)
            if value is not None:
                _put(data, field.name, value)
        response = client.post(url, data)
        assert response.status_code in (302, 403), response.status_code
        assert _snapshot(obj, [*fields, *_stamps(obj)]) == before
        return

    form_id = f"{obj._meta.model_name}_form"
    offered = _offered(page.text)
    withheld = _withheld(type(obj), offered)
    expected = _expect_withheld_for_role(model_admin, role, obj, user)
    assert expected <= {f.name for f in withheld}, (
        f"{label}: the {role}'s form offers {expected - {f.name for f in withheld}}"
    )
    inlines = list(_inlines(model_admin, user, obj))

    # An honest save of the form as shown: what is stored then is the reference.
    data = form_data(page, form_id)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    honest = _snapshot(obj, withheld)
    honest_rows = [
        (row, _snapshot(row, row_fields))
        for row, row_fields in _forge_inline_rows(dict(data), offered, inlines, obj, users, role)
    ]

    # The same form with a forged value for every withheld field, on the item and its inline rows.
    page = client.get(url)
    data = form_data(page, form_id)
    obj = type(obj)._default_manager.get(pk=obj.pk)
    for field in withheld:
        value = _forged(field, obj, users)
        if value is not None:
            _put(data, field.name, value)
    watched = _forge_inline_rows(data, offered, inlines, obj, users, role)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert _snapshot(obj, withheld) == honest, label
    for (row, row_fields), (_row, before) in zip(watched, honest_rows, strict=True):
        assert _snapshot(row, row_fields) == before, f"{label}: inline {row._meta.label}"


def _stamps(obj):
    return [f for f in obj._meta.concrete_fields if f.name in STAMPS]


def _errors(response):
    context = getattr(response, "context", None) or {}
    errors = context.get("errors") if hasattr(context, "get") else None
    return f"status {response.status_code}: {errors}"


def _unique_fresh(model, data, n, offered):
    """Copied values made distinct, so that unique fields and constraints let a second item in."""
    for field in model._meta.fields:
        value = data.get(field.name)
        if isinstance(field, models.FileField) and field.name in offered:
            data[field.name] = upload(jpeg_bytes(colour=(n * 20, 90, 90)), name="new.jpg")
        elif (
            isinstance(value, str)
            and value
            and isinstance(field, models.CharField)
            and (field.max_length or 100) >= 10
            and not field.choices
            and not isinstance(field, (models.EmailField, models.URLField))
        ):
            data[field.name] = f"{value[: (field.max_length or 100) - 3]}-{n}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", MODELS)
def test_forged_add_post_cannot_set_withheld_fields(
    label, role, writer, editor, writer_client, editor_client
):
    users = [writer, editor]
    user, client = (writer, writer_client) if role == "writer" else (editor, editor_client)
    model_admin = _admin_for(label)
    model = model_admin.model
    add_url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
    samples = _samples(writer, editor)
    page = client.get(add_url)
    if page.status_code != 200 or not model_admin.has_add_permission(_request(user)):
        # No add form for the role: a forged add stores nothing.
        count = model._default_manager.count()
        data = {f.name: "forged-value" for f in _stored_fields(model)}
        assert client.post(add_url, data).status_code in (302, 403)
        assert model._default_manager.count() == count
        return
    offered = _offered(page.text)
    withheld = _withheld(model, offered)
    expected = _expect_withheld_for_role(model_admin, role, None, user)
    assert expected <= {f.name for f in withheld}, (
        f"{label}: the {role}'s add form offers {expected - {f.name for f in withheld}}"
    )
    sample = _sample_of(model, samples)
    if sample is None or not model_admin.has_change_permission(_request(editor), sample):
        pytest.skip(f"{label}: no item whose form gives the values a new one needs")
    # Values a valid new item needs, taken from the sample's change form as an editor sees it
    # (the item's own fields only; what the role's add form withholds is dropped when posted).
    change_page = editor_client.get(reverse_change(sample))
    typed = {
        name: value
        for name, value in form_data(change_page, f"{model._meta.model_name}_form").items()
        if "-" not in name and name not in ("expected_version", "csrfmiddlewaretoken")
    }
    base = form_data(page, f"{model._meta.model_name}_form")

    def add(n, forged):
        data = {**base, **typed}
        _unique_fresh(model, data, n, offered)
        data.update(forged)
        before = set(model._default_manager.values_list("pk", flat=True))
        response = client.post(add_url, data)
        assert response.status_code == 302, _errors(response)
        (pk,) = set(model._default_manager.values_list("pk", flat=True)) - before
        return model._default_manager.get(pk=pk)

    compared = [
        f
        for f in withheld
        if not f.unique
        and f.name not in ("created_at", *FILE_DIGESTS)
        and not getattr(f, "auto_now_add", False)
    ]
    honest = _snapshot(add(2, {}), compared)
    forged = {}
    blank = model()
    for field in withheld:
        value = _forged(field, blank, users)
        if value is not None:
            _put(forged, field.name, value)
    made = add(3, forged)
    assert _snapshot(made, compared) == honest, label
    for digest, file_field in FILE_DIGESTS.items():
        if digest in {f.name for f in withheld}:
            with getattr(made, file_field).open("rb") as stored:
                assert getattr(made, digest) == hashlib.sha256(stored.read()).hexdigest(), label


def test_walk_covers_the_quote_inline_of_releases_and_events(writer):
    """The hole the issue found lived in an inline: the walk must reach it as the writer."""
    from articles.models import Article
    from events.models import Event

    for model in (Article, Event):
        model_admin = admin.site._registry[model]
        prefixes = {p: i.model for p, i in _inlines(model_admin, writer, None)}
        assert Quote in prefixes.values()


def test_writer_quote_inline_withholds_editor_only_fields(writer_client, writer, editor):
    samples = _samples(writer, editor)
    page = writer_client.get(reverse_change(samples["article"])).text
    offered = _offered(page)
    for name in EDITOR_ONLY_QUOTE_FIELDS:
        assert f"quotes-0-{name}" not in offered


def test_editor_quote_inline_offers_reuse_approval(editor_client, writer, editor):
    samples = _samples(writer, editor)
    page = editor_client.get(reverse_change(samples["article"])).text
    assert "quotes-0-approved_for_reuse" in _offered(page)
