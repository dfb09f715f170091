"""Per-page metadata for search engines and link previews (issue 6).

Material for MkDocs already writes ``<meta name="description">`` from a page's
front matter ``description:`` (falling back to ``site_description``) and
``<link rel="canonical">`` from ``site_url``; MkDocs writes ``sitemap.xml``.
This hook adds what is missing:

* every page must have its own non-empty ``description:`` in its front matter —
  a missing one stops the build naming the file (the site-wide fallback would
  give every page the same description);
* the Open Graph properties ``og:type``, ``og:site_name``, ``og:title``,
  ``og:description``, ``og:url`` and ``og:locale``, handed to
  ``overrides/main.html`` as ``page.meta.open_graph`` (a list of pairs).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError


def on_page_markdown(markdown, page, config, files):
    """Require a page description of its own."""
    description = page.meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PluginError(
            f"docs/{page.file.src_uri}: front matter 'description:' is missing or empty; "
            "every page needs its own one-sentence description (used for search engines and link previews)"
        )
    return markdown


def open_graph(page, config) -> list[tuple[str, str]]:
    """The Open Graph properties of one page."""
    site_name = config.site_name
    title = site_name if page.is_homepage else f"{page.title} – {site_name}"
    language = (config.theme.get("language") or "en").replace("-", "_")
    properties = [
        ("og:type", "website" if page.is_homepage else "article"),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:description", " ".join(str(page.meta["description"]).split())),
        ("og:locale", "en_GB" if language == "en" else language),
    ]
    if page.canonical_url:
        properties.insert(4, ("og:url", page.canonical_url))
    return properties


def on_page_context(context, page, config, nav):
    """Hand the Open Graph properties to the template."""
    page.meta["open_graph"] = open_graph(page, config)
    return context
