#!/usr/bin/env python3
"""Do the pins install on every supported Python? (issue 11, item 1; ``make pins``)

For each supported version (pyproject.toml's ``Programming Language :: Python :: 3.X``
classifiers, or ``--python-version``), pip resolves requirements.txt and
requirements-dev.txt exactly as ``make install`` would, for that version, without
installing anything::

    pip install --dry-run --ignore-installed --only-binary=:all: --python-version X.Y \\
        --target TMP --report REPORT -r requirements.txt -r requirements-dev.txt

``--only-binary=:all:`` is what makes ``--python-version`` honest: pip may then pick
only wheels built for that version (or for any Python 3), and it skips every release
whose ``Requires-Python`` excludes it. ``X.Y`` means X.Y.0, the strictest patch level, so
3.11 covers Debian 12's 3.11.2.

Needs the package index (PyPI), as ``make install`` does; nothing is downloaded but
metadata. A limit of pip: environment markers of dependencies (``; python_version <
"3.12"``) are evaluated for the running Python, not for ``--python-version``; none of
the pinned requirements uses one.

    .venv/bin/python scripts/check_pins.py [--python-version 3.13 ...]

Prints one line per version; exit status 1 when any version does not resolve.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]


def supported_versions() -> list[str]:
    """The ``Programming Language :: Python :: 3.X`` classifiers of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [m[1] for c in project.get("classifiers", []) if (m := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c))]
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def resolve(version: str) -> tuple[bool, str]:
    """(resolved?, a one-line summary or pip's error) for one Python version."""
    with tempfile.TemporaryDirectory(prefix="pins-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--only-binary=:all:",
            "--python-version", version, "--target", str(Path(tmp) / "target"), "--report", str(report),
            "--quiet", "--disable-pip-version-check",
        ]
        for requirements in REQUIREMENTS:
            command += ["-r", str(requirements)]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            errors = [re.sub(r" \(from versions: .*\)", "", line) for line in proc.stderr.splitlines()
                      if line.startswith("ERROR")]
            return False, " | ".join(errors) or proc.stderr[-1500:]
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    # What sets the floor: the packages that would refuse Python 3.10.
    floor = sorted(
        f"{item['metadata']['name']} {item['metadata']['version']}" for item in installs
        if not SpecifierSet(item["metadata"].get("requires_python") or "").contains("3.10", prereleases=True)
    )
    return True, f"{len(installs)} packages resolve, all as wheels; need 3.11+: {', '.join(floor) or 'none'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python-version", action="append", dest="versions",
                        help="a version to check (repeatable); default: pyproject.toml's classifiers")
    args = parser.parse_args()
    versions = args.versions or supported_versions()
    if not versions:
        parser.error("no versions: pyproject.toml lists no 'Programming Language :: Python :: 3.X' classifier")
    with ThreadPoolExecutor(max_workers=len(versions)) as pool:
        results = list(pool.map(resolve, versions))
    for version, (ok, summary) in zip(versions, results, strict=True):
        print(f"Python {version}: {'ok' if ok else 'FAILS'}: {summary}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
