"""Valid HTML from Material's templates (issues 6 and 13; checked by the Nu HTML Checker).

Material for MkDocs 9.8.1 writes ``autocomplete="off"`` on the drawer and search
toggle checkboxes, and ``autocomplete`` is not allowed on a checkbox. Material
uses it to stop Firefox restoring the toggles' state on "Back"; the page's own
script resets them anyway. This hook removes it, by exact replacement (nothing
else is touched).

Why a hook and not a template: the two ``<input>`` elements are written by
Material's ``base.html`` itself, outside every block, so only a copy of the
whole of ``base.html`` could change them — a fork of Material's main template
that would have to follow every Material release. The other fixes this hook
used to make now live in the templates: ``overrides/partials/nav-item.html``
never writes ``tabindex=""``, and ``overrides/partials/toc.html`` writes
``for="__toc"`` only where the ``#__toc`` toggle exists.
"""

from __future__ import annotations

import re

TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')


def fix_html(html: str) -> str:
    """Return the page with Material's invalid toggle markup corrected."""
    return TOGGLE.sub(r"\1", html)


def on_post_page(output, page, config):
    return fix_html(output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return fix_html(output_content) if template_name.endswith(".html") else output_content
