"""Supported Pythons (issue 11, item 1): the pins install on each, and make refuses older ones.

``test_pins_resolve_for_every_supported_python`` needs the package index (PyPI): it
runs ``scripts/check_pins.py``, a ``pip install --dry-run --python-version X.Y
--only-binary=:all:`` of both requirement files for every version of pyproject.toml's
classifiers (3.11 to 3.14). It is marked ``registry``: part of ``make test`` and CI
(which reach PyPI, as ``make install`` must), not of ``make check``. A machine without
the index fails it, as it would fail ``make install``. The control case proves the
check can fail: Material 9.8 refuses Python 3.10.

The other tests run offline: the interpreter check that ``make install`` runs before
it creates ``.venv``, and the Makefile's choice of the newest Python on PATH.
"""

from __future__ import annotations

import runpy
import subprocess
import sys
import tomllib

import pytest

from sl_guide.toolkit import ROOT

CHECK_PINS = ROOT / "scripts" / "check_pins.py"
CHECK_PYTHON = ROOT / "scripts" / "check_python.py"


def _check_pins(*versions: str) -> subprocess.CompletedProcess:
    args = [arg for version in versions for arg in ("--python-version", version)]
    return subprocess.run([sys.executable, str(CHECK_PINS), *args], capture_output=True, text=True, timeout=300)


#: The registry tests' pin checks: (test, Python versions asked; none: pyproject.toml's).
CHECKS = {"test_pins_resolve_for_every_supported_python": (),
          "test_pin_check_fails_on_python_3_10": ("3.10",)}


def early_jobs(items, site) -> dict:
    """The pin checks of the selected tests (conftest ``Early``: they start with the
    session, in the background: mostly waiting for the package index)."""
    wanted = {item.originalname for item in items}
    return {name: lambda _folder, versions=versions: _check_pins(*versions)
            for name, versions in CHECKS.items() if name in wanted}


@pytest.fixture(scope="module")
def pin_checks(request, early):
    """``pin_checks[test name].result()``: that test's run of scripts/check_pins.py."""
    return early(request.module)


@pytest.mark.registry
def test_pins_resolve_for_every_supported_python(pin_checks):
    proc = pin_checks["test_pins_resolve_for_every_supported_python"].result()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Python 3.{minor}" for minor in (11, 12, 13, 14)], lines
    assert all(": ok: " in line and "mkdocs-material 9.8.1" in line for line in lines), lines


@pytest.mark.registry
def test_pin_check_fails_on_python_3_10(pin_checks):
    proc = pin_checks["test_pin_check_fails_on_python_3_10"].result()
    assert proc.returncode == 1
    assert "Python 3.10: FAILS" in proc.stdout and "mkdocs-material==9.8.1" in proc.stdout, proc.stdout


def test_supported_versions_match_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert runpy.run_path(str(CHECK_PINS))["supported_versions"]() == ["3.11", "3.12", "3.13", "3.14"]
    # Debian 12's Python, the oldest supported release, needs pymdown-extensions 12 (13 wants 3.11.5).
    assert "pymdown-extensions==12.3" in (ROOT / "requirements.txt").read_text(encoding="utf-8").split()


@pytest.mark.parametrize("version", [(3, 10, 13), (3, 6, 15)])
def test_old_python_is_refused_before_the_venv(monkeypatch, capsys, version):
    main = runpy.run_path(str(CHECK_PYTHON))["main"]
    monkeypatch.setattr(sys, "version_info", version)
    assert main() == 1
    message = capsys.readouterr().err
    assert f"is Python {'.'.join(map(str, version))}; this project needs Python 3.11 or newer" in message
    assert "apt install python3 python3-venv" in message and "pyenv install" in message


def test_python_without_venv_module_is_refused(monkeypatch, capsys):
    main = runpy.run_path(str(CHECK_PYTHON))["main"]
    monkeypatch.setitem(sys.modules, "ensurepip", None)  # as on Debian without python3-venv
    assert main() == 1
    assert "sudo apt install python3-venv" in capsys.readouterr().err


def test_this_python_is_accepted():
    assert runpy.run_path(str(CHECK_PYTHON))["main"]() == 0


def test_makefile_picks_the_newest_python_on_path(tmp_path):
    """With python3.13 (a fake), python3.12 (too old a fake) and python3 on PATH, make picks 3.13;
    a command that exists but fails (a pyenv shim of an inactive version) is passed over."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()

    def fake(name: str, version: tuple[int, int]) -> None:
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.exit({version} < (3, 11))'\n")
        path.chmod(0o755)

    fake("python3.14", (3, 10))  # claims to be too old
    fake("python3.13", (3, 13))
    (bin_dir / "python3.12").write_text("#!/bin/sh\nexit 127\n")
    (bin_dir / "python3.12").chmod(0o755)
    proc = subprocess.run(
        ["make", "--no-print-directory", "-p", "-n", "-f", str(ROOT / "Makefile"), "clean"],
        cwd=tmp_path, capture_output=True, text=True, env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
    )
    assert "PYTHON := python3.13" in proc.stdout.splitlines()
