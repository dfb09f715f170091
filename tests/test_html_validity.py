"""HTML validity (issue 6, item 7): the Nu HTML Checker finds no error.

``vnu.jar`` comes from the npm package ``vnu-jar`` (package.json; ``make test``
runs ``npm ci``) and runs ONCE on Java 17 (one process, module fixture ``checked``) over every built
HTML page — the content pages, the whole-guide print view print_page/ and 404.html — and a control file of invalid HTML
that proves, in the same run, that the checker reports errors.

Accepted messages (not errors):

* info "Trailing slash on void elements has no effect …": Python-Markdown
  writes ``<br />``, which is valid HTML; the checker only notes the style.

"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sl_guide import toolkit
from sl_guide.toolkit import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACCEPTED_INFO = ("Trailing slash on void elements has no effect",)


def _vnu_available():
    missing = [what for what, ok in (("java", shutil.which("java")), (str(VNU), VNU.is_file())) if not ok]
    if missing:
        toolkit.unavailable(f"Nu HTML Checker unavailable ({', '.join(missing)}): run 'make test' (npm ci) with Java 17")


def run_vnu(paths) -> list[dict]:
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True, text=True,
    )
    return json.loads(proc.stderr)["messages"]


def _check(site, folder: Path) -> dict[str, list[dict]]:
    control = folder / "control.html"
    control.write_text('<!doctype html><html lang="en"><title>x</title><label tabindex="">x</label></html>')
    pages = [*site.pages(), site.root / "print_page" / "index.html", site.root / "404.html"]
    assert len(pages) > 20
    by_file: dict[str, list[dict]] = {site.rel(path): [] for path in pages} | {"control": []}
    for message in run_vnu([*pages, control]):
        path = Path(urlsplit(message.get("url", "")).path)
        by_file["control" if path == control else site.rel(path)].append(message)
    return by_file


def early_jobs(items, site) -> dict:
    """The one run of the checker (conftest ``Early``: it starts with the session, in
    the background, once the session's build is there)."""
    if not any("checked" in item.fixturenames for item in items) or not (shutil.which("java") and VNU.is_file()):
        return {}  # not asked for (make check), or the fixture says what is missing
    return {"checked": lambda folder: _check(site, folder)}


@pytest.fixture(scope="module")
def checked(request, early) -> dict[str, list[dict]]:
    """ONE run of the checker (one Java start) over every page, 404.html and a control
    file of invalid HTML; its messages by file (site-relative path, or "control")."""
    _vnu_available()
    return early(request.module)["checked"].result()


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


@pytest.mark.slow
def test_checker_reports_errors(checked):
    """The checker really runs and fails on invalid HTML (the control file of the same run)."""
    assert any(m["type"] == "error" and "tabindex" in m["message"] for m in checked["control"]), checked["control"]


@pytest.mark.slow
def test_no_errors_on_any_page(checked):
    problems = [
        f"{m['type']}{'/' + m['subType'] if m.get('subType') else ''} {rel}:{m.get('lastLine')}: {m['message']}"
        for rel, messages in checked.items() if rel != "control"
        for m in messages
        if m["type"] == "error" or m.get("subType") in {"warning", "fatal"}
        or (m["type"] == "info" and not m["message"].startswith(ACCEPTED_INFO))
    ]
    assert not problems, "Nu HTML Checker:\n" + "\n".join(problems)
