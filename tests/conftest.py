import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.rules import second_factor_required
from roles.definitions import EDITOR, WRITER, sync_roles

PASSWORD = "pw-for-tests"


def totp_device_for(user) -> TOTPDevice:
    """`user`'s confirmed authenticator-app device, as enrolment leaves it (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="인증 앱", confirmed=True)


def totp_code(device) -> str:
    """The code the user's phone shows now, computed from the device's key like the app does.

    A code is accepted once: if this time step was already used (two logins within 30 s), the next
    step's code is given, which the device accepts within its tolerance of one step.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


_force_login_password_only = Client.force_login


@pytest.fixture(autouse=True)
def force_login_with_second_factor(monkeypatch):
    """`Client.force_login` leaves the session as a complete real login does.

    Django's force_login stands in for the password step only. Staff who must give a second factor
    (editors, administrators, superusers; see accounts.rules) would then be half logged in and meet
    the code step everywhere. So, as django_otp.login does after a correct code, the session is also
    marked verified with a real, confirmed TOTP device of that user. Tests of the code step itself
    use `_force_login_password_only` or the login form.
    """

    def force_login(self, user, backend=None):
        _force_login_password_only(self, user, backend)
        if second_factor_required(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


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


@pytest.fixture
def run_tasks():
    """Run every queued background task with the real task worker (`db_worker --batch`), in process.

    The worker checks its database connection between tasks the way requests do; inside a test's
    transaction that check would close the connection, so it is switched off here. Everything else
    (claiming, running, recording success or failure) is the worker's own code.
    """
    import signal
    from unittest import mock

    from django.core.management import call_command

    def run():
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
                call_command(
                    "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0
                )
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Pages are rendered afresh in tests: factories write rows directly, without the signals that
    clear cached pages (core/cache.py). tests/test_page_cache*.py switch the cache on."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def synonyms_read_afresh():
    """Each test reads the synonym groups its own database holds (a rolled-back test's groups are
    not kept in the process's minute-long copy; see search.engine.synonyms)."""
    from search.engine import synonyms_changed

    synonyms_changed()
    yield
    synonyms_changed()
