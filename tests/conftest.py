import pytest
from django.contrib.auth.models import Permission

from demo.services import CONTENT_APPS


@pytest.fixture
def editor(django_user_model):
    """A staff member with every permission on newsroom content, like the demo editor."""
    user = django_user_model.objects.create_user("editor", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
