"""The share link's "주소 복사" button in a real browser, under the admin's CSP."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.models import Article
from tests.test_share_links_sending import _embargoed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("clipboard", [True, False], ids=["clipboard", "selection-fallback"])
def test_copy_button_copies_or_selects_the_address_in_a_browser(
    page, login_as, editor, live_server, clipboard
):
    browser_page, log_in = page, login_as
    article = _embargoed()
    content_type = ContentType.objects.get_for_model(Article)
    if clipboard:
        # The site's Permissions-Policy allows clipboard-write only, so the test notes what is written.
        browser_page.context.grant_permissions(["clipboard-write"])
        browser_page.add_init_script(
            "const write = navigator.clipboard.writeText.bind(navigator.clipboard);"
            "navigator.clipboard.writeText = (text) => { window.copied = text; return write(text); };"
        )
    else:  # an older browser, or a page without the clipboard API
        browser_page.add_init_script(
            "Object.defineProperty(navigator, 'clipboard', {value: undefined})"
        )
    csp_errors = []
    browser_page.on(
        "console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg)
    )
    log_in(editor)
    add = f"/admin/sharing/sharelink/add/?content_type={content_type.pk}&object_id={article.pk}"
    browser_page.goto(live_server.url + add)
    browser_page.fill("#id_recipient_name", "박기자")
    browser_page.click("input[name=_save]")
    browser_page.wait_for_selector("#sharelink-address")
    address = browser_page.input_value("#sharelink-address")
    assert re.fullmatch(rf"{re.escape(live_server.url)}/share/[A-Za-z0-9_-]{{32,}}/", address)

    browser_page.click("text=주소 복사")
    status = browser_page.locator("#sharelink-copy-status")
    if clipboard:
        status.filter(has_text="주소를 복사했습니다").wait_for()
        assert browser_page.evaluate("window.copied") == address
    else:
        status.filter(has_text="주소를 선택했습니다").wait_for()
        selected = browser_page.evaluate(
            "(() => { const f = document.getElementById('sharelink-address');"
            " return f.value.slice(f.selectionStart, f.selectionEnd); })()"
        )
        assert selected == address
    assert csp_errors == []  # the script ran under the admin's policy, nothing was refused
    assert not [e for e in browser_page.console_errors if "Content Security Policy" in e]
