"""HTML validity (issue 6, item 7): the Nu HTML Checker finds no error.

``vnu.jar`` comes from the npm package ``vnu-jar`` (package.json; ``make test``
runs ``npm ci``) and runs once on Java 17 over every built HTML page: the
content pages and 404.html.

Accepted messages (not errors):

* info "Trailing slash on void elements has no effect …": Python-Markdown
  writes ``<br />``, which is valid HTML; the checker only notes the style.

Not checked here: ``print_page/index.html``, the whole-guide print view written
by mkdocs-print-site-plugin and owned by the print work (src/sl_guide/hooks/print_view.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACCEPTED_INFO = ("Trailing slash on void elements has no effect",)


def _vnu_available():
    import os

    missing = [what for what, ok in (("java", shutil.which("java")), (str(VNU), VNU.is_file())) if not ok]
    if missing:
        message = f"Nu HTML Checker unavailable ({', '.join(missing)}): run 'make test' (npm ci) with Java 17"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_vnu(paths) -> list[dict]:
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True, text=True,
    )
    return json.loads(proc.stderr)["messages"]


def test_fix_html_unit():
    """The hook removes only autocomplete="off" from Material's toggle checkboxes."""
    from sl_guide.hooks import valid_html

    html = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<input type="text" class="md-search__input" autocomplete="off">'
            '<label class="md-nav__title" for="__toc">')
    fixed = valid_html.fix_html(html)
    assert 'id="__drawer">' in fixed and 'class="md-search__input" autocomplete="off"' in fixed
    assert fixed.endswith('<label class="md-nav__title" for="__toc">')


def test_templates_write_valid_markup(site):
    """overrides/partials/nav-item.html never writes tabindex="", and
    overrides/partials/toc.html points a label at #__toc only where it exists."""
    for path in site.pages() + [site.root / "404.html"]:
        soup = site.soup(site.rel(path))
        assert not soup.select('[tabindex=""]'), site.rel(path)
        for label in soup.select("label[for]"):
            assert soup.find(id=label["for"]) is not None, (site.rel(path), label["for"])
    # Section labels: focusable where Material makes them so, never an empty tabindex.
    labels = site.soup("index.html").select("label.md-nav__link[id$=_label]")
    assert labels and all(label.get("tabindex") in (None, "0") for label in labels)


def test_checker_reports_errors(tmp_path):
    """The checker really runs and fails on invalid HTML."""
    _vnu_available()
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><title>x</title><label tabindex="">x</label></html>')
    messages = run_vnu([bad])
    assert any(m["type"] == "error" and "tabindex" in m["message"] for m in messages)


def test_no_errors_on_any_page(site):
    _vnu_available()
    pages = site.pages() + [site.root / "404.html"]
    assert len(pages) > 20
    messages = run_vnu(pages)
    problems = [
        f"{m['type']}{'/' + m['subType'] if m.get('subType') else ''} {m.get('url', '').split(str(site.root))[-1]}"
        f":{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") in {"warning", "fatal"}
        or (m["type"] == "info" and not m["message"].startswith(ACCEPTED_INFO))
    ]
    assert not problems, "Nu HTML Checker:\n" + "\n".join(problems)
