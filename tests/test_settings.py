"""Production settings fail loudly when a required value is missing, and pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, **env):
    # A production-like environment: nothing the test run itself set leaks into the child.
    test_only = {
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.update(env, DJANGO_SETTINGS_MODULE="gbtp.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_stops_startup_with_a_clear_message():
    result = _run("check", DEBUG="false", ALLOWED_HOSTS="news.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_stops_startup():
    result = _run("check", DEBUG="false", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_deploy_check_is_clean_in_production():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="c0rrect-h0rse-battery-staple-Qz7wX2pL9vR4tY8uI3oP6aS1dF5gH0jK",
        ALLOWED_HOSTS="news.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_debug_run_needs_no_configuration():
    result = _run("check", DEBUG="true")
    assert result.returncode == 0, result.stderr
