"""Concept map: an inline SVG drawn at build time, with its text alternative.

The map's data is not typed here:

* its groups are topics of ``anchors.txt`` (read with the anchors hook's own
  parser), chosen and placed in columns by the ``concept_map:`` front matter of
  the page that shows the map (``docs/concept-map.md``);
* each box is labelled with the words of the page it links to: the text of the
  element that carries its id (a heading, a table row's term, a table caption),
  or the page's title where a topic spans several pages, read from the page's
  Markdown rendered with the site's own Markdown extensions;
* the edges come from the "Editorial cross-references" boxes of the pages listed
  under ``concept_map: edges_from:``.

Shortcodes (one convention for generated blocks, ``<!-- md:NAME -->``):

* ``<!-- md:concept-map-list -->`` becomes a Markdown list of every node, with the
  links of its connections: the text alternative, read by screen readers, search
  and print alike, and checked by MkDocs like any other link;
* ``<!-- md:concept-map -->`` becomes the ``<figure>`` with the inline ``<svg>``
  (``sl_guide.concept_map``: layout and drawing, no MkDocs import).

Bad data (an unknown topic, a topic or header entry that is not in anchors.txt,
a box link that cannot be resolved, a missing shortcode) stops the build naming
the file.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import markdown as python_markdown
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from sl_guide.concept_map import COLUMNS, ConceptMapError, Group, read_edges, render_svg, text_alternative
from sl_guide.hooks.anchors import MANIFEST_NAME, element_texts, read_manifest

SVG_MARKER = "<!-- md:concept-map -->"
LIST_MARKER = "<!-- md:concept-map-list -->"

_state: dict = {}


def _texts(src_uri: str, files, config) -> tuple[dict[str, str], str | None]:
    """The text of every element with an id on a page, and its title's id."""
    cache = _state.setdefault("texts", {})
    if src_uri not in cache:
        file = files.get_file_from_path(src_uri)
        if file is None or not file.is_documentation_page():
            raise PluginError(f"concept map: docs/{src_uri} is not a page")
        source, _ = get_data(file.content_string)
        md = python_markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        cache[src_uri] = element_texts(md.convert(source))
    return cache[src_uri]


def _label(key: str, files, config, where: str) -> str:
    page, _, element_id = key.partition("#")
    texts, title_id = _texts(page, files, config)
    wanted = element_id or title_id
    if not wanted or not texts.get(wanted):
        raise PluginError(f"concept map: {where}: docs/{page} has no element with id {wanted!r} to label {key!r}")
    return texts[wanted]


def groups_from(spec, anchors, files, config, where: str) -> list[Group]:
    """The map's groups: each topic of ``spec`` with its anchors.txt entries."""
    if not isinstance(spec, dict):
        raise PluginError(f"concept map: {where}: front matter 'concept_map:' must be a mapping of columns")
    by_topic: dict[str, list] = {}
    for anchor in anchors:
        by_topic.setdefault(anchor.topic, []).append(anchor)
    groups = []
    for column_name in spec:
        if column_name not in (*COLUMNS, "edges_from"):
            raise PluginError(f"concept map: {where}: concept_map: unknown key {column_name!r} "
                              f"(expected {', '.join(COLUMNS)}, edges_from)")
    for column, column_name in enumerate(COLUMNS):
        for item in spec.get(column_name) or []:
            topic = item if isinstance(item, str) else (item or {}).get("topic")
            header = None if isinstance(item, str) else item.get("header")
            if topic not in by_topic:
                raise PluginError(f"concept map: {where}: concept_map: {column_name}: topic {topic!r} "
                                  f"is not a [Topic] of {MANIFEST_NAME}")
            entries = [a.key for a in by_topic[topic]]
            pages = list(dict.fromkeys(a.page for a in by_topic[topic]))
            if len(pages) > 1:  # a topic over several pages: one box per page, under its index page
                header = header or next((p for p in pages if posixpath.basename(p) == "index.md"), None)
                members = [p for p in pages if p != header]
            else:
                header = header or pages[0]
                members = [key for key in entries if key != header]
            if header is None:
                raise PluginError(f"concept map: {where}: topic {topic!r} spans several pages and none is an "
                                  "index page: name its header entry (header: page.md#id)")
            if header not in entries and header not in pages:
                raise PluginError(f"concept map: {where}: header {header!r} of topic {topic!r} is not one of its "
                                  f"{MANIFEST_NAME} entries")
            key = header.partition("#")[0].removesuffix(".md").removesuffix("/index").replace("/", "-")
            groups.append(Group(
                key, _label(header, files, config, where), header, column,
                [(_label(member, files, config, where), member) for member in members],
            ))
    return groups


def on_page_markdown(markdown, page, config, files, **kwargs):
    present = [marker for marker in (SVG_MARKER, LIST_MARKER) if marker in markdown]
    if not present:
        return markdown
    where = f"docs/{page.file.src_uri}"
    if len(present) == 1:
        missing = ({SVG_MARKER, LIST_MARKER} - set(present)).pop()
        raise PluginError(f"concept map: {where}: the shortcode {missing} is missing "
                          "(the map and its text alternative go together)")
    spec = page.meta.get("concept_map")
    if not spec:
        raise PluginError(f"concept map: {where}: front matter 'concept_map:' is missing")
    _state["texts"] = {}
    root = Path(config.config_file_path).resolve().parent
    anchors = read_manifest(root / MANIFEST_NAME)
    groups = groups_from(spec, anchors, files, config, where)
    try:
        edges = read_edges(Path(config.docs_dir), list(spec.get("edges_from") or []), groups)
    except ConceptMapError as error:
        raise PluginError(str(error)) from error
    _state[page.file.src_uri] = (groups, edges)
    return markdown.replace(LIST_MARKER, text_alternative(groups, edges, page.file.src_uri), 1)


def on_page_content(html_content, page, config, files, **kwargs):
    if page.file.src_uri not in _state:
        return html_content
    groups, edges = _state.pop(page.file.src_uri)

    def href(key: str) -> str:
        path, _, fragment = key.partition("#")
        url = get_relative_url(files.get_file_from_path(path).url, page.url)
        return url + (f"#{fragment}" if fragment else "")

    try:
        figure = render_svg(groups, edges, href)
    except ConceptMapError as error:
        raise PluginError(str(error)) from error
    return html_content.replace(SVG_MARKER, figure, 1)
