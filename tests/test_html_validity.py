"""The Nu Html Checker (vnu.jar, from the npm package vnu-jar) finds no error on any page type."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import PAGE_TYPES

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html(client, tmp_path):
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `npm ci` (make test does it).")
    java = shutil.which("java")
    if not java:
        pytest.fail("The Nu Html Checker needs Java: apt-get install default-jre-headless.")
    call_command("load_demo", "--force")
    files = {}
    for name, path in PAGE_TYPES.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (name, response.status_code)
        file = tmp_path / f"{len(files)}.html"
        file.write_bytes(response.content)
        files[str(file)] = name
    server_error = ROOT / "templates" / "500.html"
    files[str(server_error)] = "server error"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(m['url'].removeprefix('file:'), m['url'])}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == [], "\n".join(errors)
