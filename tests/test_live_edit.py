"""Live editing (issue 7): with ``mkdocs serve`` running, edits to a page and
to ``references.bib`` (a reference's text) show up on the served pages.

Runs :func:`sl_guide.live_edit.check` (``mkdocs serve`` in a temporary copy of
the project on a free 127.0.0.1 port); each wait is bounded.
"""

from __future__ import annotations

import re

import pytest

from sl_guide import live_edit

pytestmark = pytest.mark.slow


def _serve_and_edit(_folder) -> list[str]:
    shown: list[str] = []
    live_edit.check(timeout=90, log=shown.append)
    return shown


def _serve_broken(folder):
    """A project whose build fails, served: the LiveEditError raised (None if none was)."""
    from sl_guide.toolkit import project_copy

    project = project_copy(folder / "broken")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_a_mkdocs_setting: 1\n", encoding="utf-8")
    try:
        live_edit.check(timeout=60, log=lambda line: None, root=project)
    except live_edit.LiveEditError as error:
        return error
    return None


#: Each test's mkdocs serve runs in the background from the session's start (conftest ``Early``).
EARLY = {"test_page_and_reference_edits_show_up_while_serving": _serve_and_edit,
         "test_a_failure_reports_what_mkdocs_serve_printed": _serve_broken}


def test_page_and_reference_edits_show_up_while_serving(early_result):
    shown = early_result
    assert any(line.startswith("page edit shown on /about/") for line in shown), shown
    assert any("references.bib edit" in line for line in shown), shown
    assert any("/bibliography/" in line for line in shown), shown


def test_a_failure_reports_what_mkdocs_serve_printed(early_result):
    """A project whose build fails: the error carries mkdocs serve's own message."""
    assert early_result is not None, "mkdocs serve of a broken project raised no LiveEditError"
    assert re.search(r"(?s)mkdocs serve exited.*not_a_mkdocs_setting", str(early_result)), str(early_result)
