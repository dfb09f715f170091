"""Pages published without the templates' indentation (issue 13: each page's first
response fits in the first round trip; README "Performance").

htmlmin (the maintained ``htmlmin2`` distribution) collapses each run of whitespace
between and around tags to one space, as a browser would render it anyway. It keeps
the text of ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>`` as it is, keeps
attribute quotes (``remove_optional_attribute_quotes=False``) and leaves character
references alone (``convert_charrefs=False``), so what a reader sees, copies or prints
does not change: tests/test_structure.py compares every page's text and attributes with
and without it. Listed last among the hooks, so it runs after every other change to a
page (hooks run after the plugins, in their order).
"""

from __future__ import annotations

import htmlmin


def compact(html: str) -> str:
    return htmlmin.minify(html, remove_optional_attribute_quotes=False, convert_charrefs=False)


def on_post_page(output, page, config):
    return compact(output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a template alone (404.html)."""
    return compact(output_content) if template_name.endswith(".html") else output_content
