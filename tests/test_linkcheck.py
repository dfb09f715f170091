"""External link check (issue 7): what ``make linkcheck`` would check, offline.

The check itself needs a network and is never part of ``make test``; this
test proves, without any network access, that every URL of references.bib is
on its list and that a URL recorded as dead (``note = {Archived copy: URL}``)
is replaced by its archived copy.
"""

from __future__ import annotations

import re
import subprocess
import sys

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
