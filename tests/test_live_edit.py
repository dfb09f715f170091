"""Live editing (issue 7): with ``mkdocs serve`` running, edits to a page and
to ``references.bib`` (a reference's text) show up on the served pages.

Runs :func:`sl_guide.live_edit.check` (``mkdocs serve`` in a temporary copy of
the project on a free 127.0.0.1 port); each wait is bounded.
"""

from __future__ import annotations

import pytest

from sl_guide import live_edit

pytestmark = pytest.mark.slow


def test_page_and_reference_edits_show_up_while_serving():
    shown: list[str] = []
    live_edit.check(timeout=90, log=shown.append)
    assert any(line.startswith("page edit shown on /about/") for line in shown), shown
    assert any("references.bib edit" in line for line in shown), shown
    assert any("/bibliography/" in line for line in shown), shown


def test_a_failure_reports_what_mkdocs_serve_printed(tmp_path):
    """A project whose build fails: the error carries mkdocs serve's own message."""
    from sl_guide.toolkit import project_copy

    project = project_copy(tmp_path / "broken")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_a_mkdocs_setting: 1\n", encoding="utf-8")
    with pytest.raises(live_edit.LiveEditError, match=r"(?s)mkdocs serve exited.*not_a_mkdocs_setting"):
        live_edit.check(timeout=60, log=lambda line: None, root=project)
