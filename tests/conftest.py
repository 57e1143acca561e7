import pytest
from django.contrib.auth.models import Group
from django.test import Client

from roles.definitions import EDITOR, WRITER, sync_roles

PASSWORD = "pw-for-tests"


def _member(django_user_model, username, role):
    if not Group.objects.filter(name=role).exists():
        sync_roles()  # a transactional test before this one flushed the roles the migration made
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    """편집자: edits anything, approves, publishes."""
    return _member(django_user_model, "editor", EDITOR)


@pytest.fixture
def writer(django_user_model):
    """작성자: drafts and submits; never publishes."""
    return _member(django_user_model, "writer", WRITER)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def writer_client(writer):
    return _client_for(writer)


@pytest.fixture(autouse=True)
def korean_first():
    """Every test starts in Korean, the newsroom's default, whatever a previous request switched to."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.activate("ko")
