"""Every admin that offers "변경 이력" opens it: no model is left out of the revision history."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin import AuditedAdmin
from demo.services import demo_load

pytestmark = pytest.mark.django_db

AUDITED = [model for model, model_admin in admin.site._registry.items()
           if isinstance(model_admin, AuditedAdmin)]  # fmt: skip


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m._meta.label)
def test_history_page_opens_for_an_editor(editor_client, model):
    demo_load()
    obj = model._default_manager.first()
    assert obj is not None, f"the demo has no {model._meta.label}"
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "변경 이력" in response.text
