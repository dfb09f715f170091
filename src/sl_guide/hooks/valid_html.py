"""Valid HTML from Material's templates (issue 6; checked by the Nu HTML Checker).

Material for MkDocs 9.8.1 writes three things the Nu HTML Checker reports as
errors. This hook corrects them in each page's HTML after rendering, by exact
string replacement (nothing else is touched):

* ``autocomplete="off"`` on the drawer and search toggle checkboxes —
  ``autocomplete`` is not allowed on checkboxes (Material uses it to stop
  Firefox restoring the toggles' state on "Back"; the page's own script
  resets them anyway);
* ``tabindex=""`` on navigation section labels — an empty tabindex is invalid
  and means the same as none;
* ``<label … for="__toc">`` in the table of contents of a section index page,
  where Material renders no ``#__toc`` checkbox — the ``for`` is dropped.
"""

from __future__ import annotations

import re

TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?) tabindex=""')
TOC_LABEL = re.compile(r'(<label\b[^>]*?) for="__toc"')


def fix_html(html: str) -> str:
    """Return the page with Material's invalid markup corrected."""
    html = TOGGLE.sub(r"\1", html)
    html = EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = TOC_LABEL.sub(r"\1", html)
    return html


def on_post_page(output, page, config):
    return fix_html(output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return fix_html(output_content) if template_name.endswith(".html") else output_content
