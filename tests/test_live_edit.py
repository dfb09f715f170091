"""Live editing (issue 7): with ``mkdocs serve`` running, edits to a page and
to ``references.bib`` (a reference's text) show up on the served pages.

Runs ``scripts/live_edit_check.py`` (which starts ``mkdocs serve`` in a
temporary copy of the project on a free 127.0.0.1 port); each wait is bounded.
"""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import live_edit_check  # noqa: E402


def test_page_and_reference_edits_show_up_while_serving():
    shown: list[str] = []
    live_edit_check.check(timeout=90, log=shown.append)
    assert any(line.startswith("page edit shown on /about/") for line in shown), shown
    assert any("references.bib edit" in line for line in shown), shown
    assert any("/bibliography/" in line for line in shown), shown
