"""External link check (issue 7): what ``make linkcheck`` would check, offline.

The check itself needs a network and is never part of ``make test``; it runs
weekly on GitHub (.github/workflows/linkcheck.yml). These tests prove, without
any network access, that every URL of references.bib is on its list, that a URL
recorded as dead (``note = {Archived copy: URL}``) is replaced by its archived
copy, and that a broken link reaches the workflow's summary and fails the run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sl_guide.toolkit import ROOT

SCRIPT = ROOT / "scripts" / "linkcheck.py"


def listing(bib) -> list[tuple[str, str]]:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--list", "--bib", str(bib)],
                          capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")[:2]) for line in proc.stdout.splitlines()]


def test_every_bib_url_is_checked():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    urls = set(re.findall(r"^\s*url\s*=\s*\{([^}]+)\}", text, re.M))
    archived = set(re.findall(r"Archived copy:\s*(https?://[^\s{}]+)", text))
    listed = listing(ROOT / "references.bib")
    checked = {url for kind, url in listed if kind == "check"}
    dead = {url for kind, url in listed if kind == "dead"}
    assert len(urls) > 20
    assert dead <= urls and len(dead) <= len(archived)
    assert checked == (urls - dead) | archived


def test_known_dead_url_is_replaced_by_its_archived_copy(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(
        "@report{gone2019,\n  author = {Doe, Jane},\n  title = {Gone},\n  year = {2019},\n"
        "  url = {https://example.org/gone},\n"
        "  note = {Archived copy: https://web.archive.org/web/20190101000000/https://example.org/gone},\n}\n"
        "@report{alive2019,\n  author = {Doe, Jane},\n  title = {Alive},\n  year = {2019},\n"
        "  url = {https://example.org/alive},\n}\n",
        encoding="utf-8",
    )
    assert listing(bib) == [
        ("check", "https://web.archive.org/web/20190101000000/https://example.org/gone"),
        ("check", "https://example.org/alive"),
        ("dead", "https://example.org/gone"),
    ]


def test_linkcheck_is_not_part_of_the_test_run():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = re.search(r"^test:.*?(?=^\S|\Z)", makefile, re.M | re.S).group(0)
    assert "linkcheck" not in test_recipe
    assert re.search(r"^linkcheck:", makefile, re.M), "make linkcheck is missing"


@pytest.mark.slow
def test_broken_link_is_reported_in_the_summary():
    """What the weekly workflow shows: LinkChecker runs (offline here: the only links
    are files), the broken one is listed in the Markdown summary and the exit status is 1."""
    # LinkChecker reads as 'nobody' when run as root: a folder all can read, not pytest's (0700).
    with tempfile.TemporaryDirectory(prefix="linkcheck-test-") as tmp:
        _check_broken_link(Path(tmp))


def _check_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><html lang=en><title>t</title>'
                                     '<a href="gone.html">gone</a> <a href="here.html">here</a></html>')
    (site / "here.html").write_text("<!doctype html><html lang=en><title>here</title></html>")
    bib = tmp_path / "references.bib"
    bib.write_text("@book{doe2020,\n  author = {Doe, Jane},\n  title = {T},\n  year = {2020},\n}\n")
    for path in (tmp_path, site, *site.iterdir(), bib):
        path.chmod(0o755 if path.is_dir() else 0o644)
    summary = tmp_path / "summary.md"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--site", str(site), "--bib", str(bib), "--summary", str(summary)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| gone.html")]
    assert len(rows) == 1 and "site/index.html, line 1" in rows[0], summary.read_text(encoding="utf-8")
    assert "here.html" not in summary.read_text(encoding="utf-8")
