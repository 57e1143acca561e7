"""axe-core (WCAG 2.2 A/AA rules) in headless Chromium finds no violation on any page type."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import PAGE_TYPES

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does it).")
    # The checker is injected by the test, so the site's own CSP must not block it.
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_no_axe_violations_on_any_page_type(axe_page, live_server, settings, viewport):
    settings.SITE_URL = live_server.url
    call_command("load_demo", "--force")
    axe_page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    source = AXE.read_text()
    problems = []
    for name, path in PAGE_TYPES.items():
        axe_page.goto(live_server.url + path)
        axe_page.evaluate(source)
        violations = axe_page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations"
            ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
            RULE_TAGS,
        )
        problems += [f"{name}: {v}" for v in violations]
    assert problems == [], "\n".join(problems)


def test_keyboard_reaches_content_with_visible_focus(page, live_server):
    call_command("load_demo", "--force")
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
