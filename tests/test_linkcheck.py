"""External link check (issue 7): what ``make linkcheck`` would check, offline.

The check itself needs a network and is never part of ``make test``; it runs
weekly on GitHub (.github/workflows/linkcheck.yml). These tests prove, without
any network access, that every URL of references.bib is on its list, that a URL
recorded as dead (``note = {Archived copy: URL}``) is replaced by its archived
copy, and that a broken link reaches the workflow's summary, with an archived
copy found through the Wayback Machine's availability API (here a local stand-in
that answers as the API does), and fails the run.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sl_guide.toolkit import ROOT, StaticServer

SCRIPT = ROOT / "scripts" / "linkcheck.py"


def script():
    """scripts/linkcheck.py as a module (a script, not a package: loaded from its file)."""
    spec = importlib.util.spec_from_file_location("linkcheck_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wayback_answer(folder: Path, name: str, snapshot: str | None) -> None:
    """What archive.org/wayback/available answers (https://archive.org/help/wayback_api.php)."""
    closest = {"status": "200", "available": True, "url": snapshot, "timestamp": "20200302101010"} if snapshot else None
    (folder / name).write_text(json.dumps({"url": "x", "archived_snapshots": {"closest": closest} if closest else {}}))


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


def _run_on_a_broken_link(_folder) -> tuple:
    """LinkChecker on a site with a broken link, a web link gone and a cited link gone:
    (its process, the summary, the two gone web addresses, the Archive's copy)."""
    # LinkChecker reads as 'nobody' when run as root: a folder all can read, not pytest's (0700).
    with tempfile.TemporaryDirectory(prefix="linkcheck-test-") as tmp:
        tmp_path = Path(tmp)
        web = tmp_path / "web"  # a local web server stands in for the outside world and for the Archive
        web.mkdir()
        (web / "alive.html").write_text("<!doctype html><html lang=en><title>alive</title></html>")
        snapshot = "http://web.archive.org/web/20200302101010/{}"
        with StaticServer(web) as server:
            page_gone, cited_gone = f"{server.url}moved.html", f"{server.url}report.pdf"
            wayback_answer(web, "available.json", snapshot.format(cited_gone))
            site = tmp_path / "site"
            site.mkdir()
            (site / "index.html").write_text(
                '<!doctype html><html lang=en><title>t</title><a href="gone.html">gone</a> <a href="here.html">here</a>\n'
                f'<a href="{page_gone}">moved</a> <a href="{server.url}alive.html">alive</a></html>')
            (site / "here.html").write_text("<!doctype html><html lang=en><title>here</title></html>")
            bib = tmp_path / "references.bib"
            bib.write_text(f"@book{{doe2020,\n  author = {{Doe, Jane}},\n  title = {{T}},\n  year = {{2020}},\n"
                           f"  url = {{{cited_gone}}},\n}}\n")
            for path in (tmp_path, site, *site.iterdir(), bib):
                path.chmod(0o755 if path.is_dir() else 0o644)
            summary = tmp_path / "summary.md"
            proc = subprocess.run([sys.executable, str(SCRIPT), "--site", str(site), "--bib", str(bib),
                                   "--summary", str(summary), "--archive-api", f"{server.url}available.json"],
                                  capture_output=True, text=True, timeout=300)
            report = summary.read_text(encoding="utf-8") if summary.is_file() else ""
    return proc, report, page_gone, cited_gone, snapshot.format(cited_gone)


#: LinkChecker's run starts with the session, in the background (conftest ``Early``).
EARLY = {"test_broken_link_is_reported_in_the_summary": _run_on_a_broken_link}


@pytest.mark.slow
def test_broken_link_is_reported_in_the_summary(early_result):
    """What the weekly workflow shows: LinkChecker runs (offline here: the only links
    are files), the broken one is listed in the Markdown summary and the exit status is 1."""
    proc, report, page_gone, cited_gone, snapshot = early_result
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = {line.split(" | ")[0][2:]: line for line in report.splitlines() if line.startswith("| ") and "---" not in line}
    assert set(rows) == {"Link", "gone.html", page_gone, cited_gone}, report
    assert "site/index.html, line 1" in rows["gone.html"]
    assert "site/index.html, line 2" in rows[page_gone]
    assert "references.bib" in rows[cited_gone]
    # Each dead web link has the Archive's copy (https), and a cited one the note to paste.
    archived = snapshot.replace("http://", "https://", 1)
    assert rows[page_gone].endswith(f"| {archived} |")
    assert f"`note = {{Archived copy: {archived}}},`" in rows[cited_gone]
    assert rows["gone.html"].endswith("|  |")  # a file of the site is not looked up in the Archive
    assert f"{cited_gone}\tarchived copy: {archived}" in proc.stdout


def test_a_dead_link_without_an_archived_copy_says_where_to_save_one(tmp_path):
    linkcheck = script()
    wayback_answer(tmp_path, "none.json", None)
    with StaticServer(tmp_path) as server:
        assert linkcheck.wayback_copy("https://example.org/x", f"{server.url}none.json") is None
        assert linkcheck.wayback_copy("https://example.org/x", f"{server.url}missing.json") is None  # 404: no copy
    row = {"urlname": "https://example.org/x", "url": "https://example.org/x", "parentname": "file:///s/a.html",
           "line": "3", "result": "404 Not Found", "valid": "False"}
    report = linkcheck.summary([row], Path("/s"), {"https://example.org/x": None})
    assert "| https://example.org/x | site/a.html, line 3 | 404 Not Found | " \
           "none found: save one at https://web.archive.org/save/https://example.org/x |" in report
