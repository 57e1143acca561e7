"""The dependency audit fails on a known vulnerability and never reports an audit it could not make."""

import json
import runpy
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit-deps"


def _run_with_report(monkeypatch, report, *argv):
    def fake_pip_audit(command, **kwargs):
        output = command[command.index("--output") + 1]
        Path(output).write_text(json.dumps(report))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip_audit)
    main = runpy.run_path(str(SCRIPT), run_name="audit_deps")["main"]
    return main(list(argv))


def test_a_known_vulnerability_fails(monkeypatch, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "6.1.0",
                "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["6.1.9"]}],
            },
            {"name": "nh3", "version": "0.3.0", "vulns": []},
        ]
    }
    assert _run_with_report(monkeypatch, report, "--allow-unaudited") == 1
    assert "VULNERABLE django 6.1.0: PYSEC-2099-1 (fixed in 6.1.9)" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "code"), [((), 3), (("--allow-unaudited",), 0)])
def test_an_audit_that_could_not_look_is_not_a_pass(monkeypatch, capsys, argv, code):
    report = {"dependencies": [{"name": "asgiref", "skip_reason": "Dependency not found on PyPI"}]}
    assert _run_with_report(monkeypatch, report, *argv) == code
    out = capsys.readouterr().out
    assert "NOT AUDITED" in out and "no known vulnerability" not in out


def test_a_clean_audit_passes(monkeypatch):
    report = {"dependencies": [{"name": "nh3", "version": "0.3.0", "vulns": []}]}
    assert _run_with_report(monkeypatch, report) == 0
