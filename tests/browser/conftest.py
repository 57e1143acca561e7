"""Playwright driving the system's Chromium (Debian package `chromium`) against the live test server."""

import os
import shutil

import pytest

from tests.conftest import PASSWORD, totp_code, totp_device_for

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path():
    path = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Browser tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH).")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


@pytest.fixture
def login_as(page, live_server):
    """Log a user in through the real login form, then open `path`.

    Users who must give a second factor get the code step too: their phone is a confirmed TOTP
    device, and the code typed is computed from its key as an authenticator app would.
    """

    def login(user, path="/admin/"):
        from accounts.rules import second_factor_required

        page.context.clear_cookies()
        device = totp_device_for(user) if second_factor_required(user) else None
        page.goto(f"{live_server.url}/admin/login/?next={path}")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        if device is not None:
            page.wait_for_selector("#id_code")
            page.fill("#id_code", totp_code(device))
            page.click("#otp-form input[type=submit]")
        return page

    return login


@pytest.fixture
def admin_login(login_as, editor):
    return lambda path="/admin/": login_as(editor, path)
