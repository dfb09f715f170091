"""Concept map: an inline SVG drawn at build time, with a text alternative.

The map connects the six dimensions, the Toronto leadership skills, the Table 3
leadership approaches, the two examples and the four debates. Its nodes are the
data structure ``GROUPS`` below (label and target anchor of each node); its edges
are read from the "Editorial cross-references" boxes of the examples and the
debates (``EDGE_SOURCES``): a link in the box under a node's section joins that
node to the linked node (a link to a group's page, e.g. ``leadership-approaches.md``,
joins it to the group).

On ``concept-map.md``:

* the marker ``<!-- concept-map-list -->`` becomes a Markdown list of every node,
  with the links of its connections: the text alternative, read by screen
  readers, search and print alike, and checked by MkDocs like any other link;
* the marker ``<!-- concept-map -->`` becomes a ``<figure>`` holding an inline
  ``<svg>`` laid out in three columns, each node an ``<a>`` to its section with a
  ``<title>`` and an ``aria-label``. No script runs in the reader's browser and no
  binary (Graphviz, a browser) is needed to build it.

A box link that cannot be resolved, or a missing marker, stops the build with the
file and link named.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.concept_map")

PAGE = "concept-map.md"
SVG_MARKER = "<!-- concept-map -->"
LIST_MARKER = "<!-- concept-map-list -->"


@dataclass
class Group:
    key: str
    label: str
    target: str  # "page.md" or "page.md#id"
    column: int
    nodes: list[tuple[str, str]] = field(default_factory=list)


#: The nodes of the map, by column (0 left, 1 centre, 2 right).
GROUPS = [
    Group("dimensions", "Six dimensions of system leaders", "six-dimensions.md", 0, [
        ("Ways of feeling", "six-dimensions.md#ways-of-feeling"),
        ("Ways of perceiving", "six-dimensions.md#ways-of-perceiving"),
        ("Ways of thinking", "six-dimensions.md#ways-of-thinking"),
        ("Ways of relating", "six-dimensions.md#ways-of-relating"),
        ("Ways of doing", "six-dimensions.md#ways-of-doing"),
        ("Ways of being", "six-dimensions.md#ways-of-being"),
    ]),
    Group("approaches", "Table 3: Leadership approaches", "leadership-approaches.md#table-3", 0, [
        ("Adaptive leadership", "leadership-approaches.md#adaptive-leadership"),
        ("Integrative (or collaborative) leadership", "leadership-approaches.md#integrative-leadership"),
        ("Collective (or distributed) leadership", "leadership-approaches.md#collective-leadership"),
        ("Lateral (or boundary spanning) leadership", "leadership-approaches.md#lateral-leadership"),
    ]),
    Group("examples", "Examples of system leadership", "examples/index.md", 1, [
        ("Local Area Coordination in Thurrock", "examples/thurrock.md"),
        ("Wigan Deal", "examples/wigan.md"),
    ]),
    Group("debates", "Debates", "debates.md", 1, [
        ("Debate 1: How much evidence is there to support systems leadership?", "debates.md#debate-1-evidence"),
        ("Debate 2: What impact can local systems leadership have in the current national context?",
         "debates.md#debate-2-national-context"),
        ("Debate 3: Does systems leadership still depend on heroes?", "debates.md#debate-3-heroes"),
        ("Debate 4: Is systems leadership about the senior leaders, or the whole system?",
         "debates.md#debate-4-whole-system"),
    ]),
    Group("toronto", "Toronto leadership skills", "toronto-skills.md", 2, [
        ("Framing and re-framing issues", "toronto-skills.md#framing-and-reframing-issues"),
        ("Taking the perspective of others", "toronto-skills.md#taking-the-perspective-of-others"),
        ("Focusing on people and carers", "toronto-skills.md#focusing-on-people-and-carers"),
        ("Systems thinking", "toronto-skills.md#systems-thinking"),
        ("Sharing power", "toronto-skills.md#sharing-power"),
        ("Reflective learning", "toronto-skills.md#reflective-learning"),
    ]),
]

#: Pages whose "Editorial cross-references" boxes give the edges.
EDGE_SOURCES = ["examples/thurrock.md", "examples/wigan.md", "debates.md"]

BOX = re.compile(r'^!!! info "Editorial cross-references"[ \t]*\n((?:[ \t]*\n|(?: {4}|\t).*\n?)*)', re.MULTILINE)
HEADING_ID = re.compile(r"^#{1,6}\s.*?\{\s*#(?P<id>[\w-]+)[^}]*\}\s*$", re.MULTILINE)
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


@dataclass
class Node:
    key: str  # target, the node's identity
    label: str
    group: Group
    header: bool = False
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    lines: list[str] = field(default_factory=list)


def nodes() -> dict[str, Node]:
    """Every node (group headers included), keyed by target."""
    found: dict[str, Node] = {}
    for group in GROUPS:
        found[group.target] = Node(group.target, group.label, group, header=True)
        for label, target in group.nodes:
            found[target] = Node(target, label, group)
    return found


def _resolve(source_uri: str, target: str) -> str | None:
    """A Markdown link target, relative to ``source_uri``, as ``page.md[#id]``."""
    if re.match(r"^[a-z]+:", target):
        return None
    path, _, fragment = target.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), path)) if path else source_uri
    return f"{path}#{fragment}" if fragment else path


def read_edges(docs_dir: Path, all_nodes: dict[str, Node]) -> list[tuple[str, str]]:
    """Edges (pairs of node keys) from the cross-reference boxes of ``EDGE_SOURCES``."""
    group_pages = {g.target.partition("#")[0]: g.target for g in GROUPS}
    edges: list[tuple[str, str]] = []
    for source_uri in EDGE_SOURCES:
        path = docs_dir / source_uri
        if not path.is_file():
            raise PluginError(f"concept_map: edge source {path} not found")
        markdown = path.read_text(encoding="utf-8")
        boxes = list(BOX.finditer(markdown))
        if not boxes:
            raise PluginError(f"concept_map: {path}: no 'Editorial cross-references' box")
        for box in boxes:
            headings = list(HEADING_ID.finditer(markdown, 0, box.start()))
            section = f"{source_uri}#{headings[-1].group('id')}" if headings else source_uri
            source = section if section in all_nodes else source_uri
            if source not in all_nodes:
                raise PluginError(f"concept_map: {path}: the box under {section!r} belongs to no node of the map")
            for link in LINK.finditer(box.group(1)):
                target = _resolve(source_uri, link.group("target"))
                if target is None:
                    continue
                if target not in all_nodes:
                    target = group_pages.get(target)
                if target and target != source and (source, target) not in edges and (target, source) not in edges:
                    edges.append((source, target))
    return edges


# --- Layout and drawing ---------------------------------------------------------

WIDTH = 960
COLUMN_X = (10, 355, 700)
COLUMN_W = 250
LINE = 18
PAD = 10
GAP = 10
GROUP_GAP = 28
WRAP = 30  # characters a line at 14px in a 250px box


def layout(all_nodes: dict[str, Node]) -> float:
    """Place the nodes in their columns; return the drawing's height."""
    bottoms = [10.0, 10.0, 10.0]
    for group in GROUPS:
        column = group.column
        y = bottoms[column] + (GROUP_GAP if bottoms[column] > 10 else 0)
        for node in [n for n in all_nodes.values() if n.group is group]:
            node.lines = textwrap.wrap(node.label, WRAP) or [node.label]
            node.x, node.w = COLUMN_X[column], COLUMN_W
            node.y, node.h = y, PAD * 2 + LINE * len(node.lines) - 4
            y += node.h + GAP
        bottoms[column] = y - GAP
    return max(bottoms) + 10


def _edge_path(a: Node, b: Node) -> str:
    ay, by = a.y + a.h / 2, b.y + b.h / 2
    if a.group.column == b.group.column:  # arc on the right of the column
        x = a.x + a.w
        return f"M{x:.0f},{ay:.0f} C{x + 45:.0f},{ay:.0f} {x + 45:.0f},{by:.0f} {x:.0f},{by:.0f}"
    if a.group.column > b.group.column:
        a, b, ay, by = b, a, by, ay
    x1, x2 = a.x + a.w, b.x
    middle = (x1 + x2) / 2
    return f"M{x1:.0f},{ay:.0f} C{middle:.0f},{ay:.0f} {middle:.0f},{by:.0f} {x2:.0f},{by:.0f}"


def render_svg(all_nodes: dict[str, Node], edges: list[tuple[str, str]], href) -> str:
    """The figure: an inline SVG, each node a link (``href(target)`` gives its URL)."""
    height = layout(all_nodes)
    esc = lambda text: html.escape(text, quote=True)  # noqa: E731
    out = [
        '<figure class="concept-map">',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="group" aria-labelledby="concept-map-title" '
        'focusable="false">',
        '<title id="concept-map-title">Concept map: the six dimensions, the Toronto leadership skills and the '
        'Table 3 leadership approaches, connected to the two examples and the four debates</title>',
        '<g class="cm-edges" aria-hidden="true">',
    ]
    for a, b in edges:
        out.append(
            f'<path d="{_edge_path(all_nodes[a], all_nodes[b])}" data-from="{esc(a)}" data-to="{esc(b)}" '
            'fill="none" stroke="#5f6368" stroke-width="1.5"/>'
        )
    out.append("</g>")
    for group in GROUPS:
        out.append(f'<g class="cm-group cm-{group.key}" role="group" aria-label="{esc(group.label)}">')
        for node in [n for n in all_nodes.values() if n.group is group]:
            name = node.label if node.header else f"{node.label} ({group.label})"
            kind = "cm-node cm-header" if node.header else "cm-node"
            fill, text_fill = ("#3f51b5", "#ffffff") if node.header else ("#ffffff", "#1a1a1a")
            out.append(
                # xlink:href, not href: Material's instant navigation re-assigns every
                # relative [href] of a page it loads, which throws on SVG links.
                f'<a class="{kind}" xlink:href="{esc(href(node.key))}" data-target="{esc(node.key)}" '
                f'aria-label="{esc(name)}"><title>{esc(name)}</title>'
                f'<rect x="{node.x:.0f}" y="{node.y:.0f}" width="{node.w:.0f}" height="{node.h:.0f}" rx="6" '
                f'fill="{fill}" stroke="#3f51b5" stroke-width="1.5"/>'
            )
            out.append(f'<text x="{node.x + PAD:.0f}" y="{node.y + PAD + 13:.0f}" fill="{text_fill}" font-size="14">')
            for index, line in enumerate(node.lines):
                dy = 0 if index == 0 else LINE
                out.append(f'<tspan x="{node.x + PAD:.0f}" dy="{dy}">{esc(line)}</tspan>')
            out.append("</text></a>")
        out.append("</g>")
    out += [
        "</svg>",
        '<figcaption>Concept map of the guide. Each box links to its section; '
        '<a href="#map-as-list">the same links as a list</a> follow the map.</figcaption>',
        "</figure>",
    ]
    return "\n".join(out)


def text_alternative(all_nodes: dict[str, Node], edges: list[tuple[str, str]], page_uri: str) -> str:
    """The same nodes and connections as a nested Markdown list of links."""
    base = posixpath.dirname(page_uri) or "."

    def link(key: str) -> str:
        path, _, fragment = key.partition("#")
        target = posixpath.relpath(path, base) + (f"#{fragment}" if fragment else "")
        return f"[{all_nodes[key].label}]({target})"

    neighbours: dict[str, list[str]] = {key: [] for key in all_nodes}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    lines = []
    for group in GROUPS:
        lines.append(f"- **{link(group.target)}**")
        members = [group.target] + [target for _, target in group.nodes]
        for key in members:
            connected = ", ".join(link(other) for other in neighbours[key])
            suffix = f" — connected to: {connected}" if connected else ""
            if key == group.target:
                if connected:
                    lines.append(f"    - The whole group{suffix}")
                continue
            lines.append(f"    - {link(key)}{suffix}")
    return "\n".join(lines) + "\n"


# --- MkDocs events -------------------------------------------------------------

_state: dict = {}


def on_files(files, config, **kwargs):
    all_nodes = nodes()
    for key in all_nodes:
        file = files.get_file_from_path(key.partition("#")[0])
        if file is None or not file.is_documentation_page():
            raise PluginError(f"concept_map: src/sl_guide/hooks/concept_map.py: node target {key!r} is not a page")
    _state["edges"] = read_edges(Path(config.docs_dir), all_nodes)
    _state["files"] = files
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    if page.file.src_uri != PAGE:
        return markdown
    for marker in (SVG_MARKER, LIST_MARKER):
        if marker not in markdown:
            raise PluginError(f"concept_map: {page.file.src_path}: the marker {marker} is missing")
    return markdown.replace(LIST_MARKER, text_alternative(nodes(), _state["edges"], page.file.src_uri), 1)


def on_page_content(html_content, page, config, files, **kwargs):
    if page.file.src_uri != PAGE:
        return html_content

    def href(key: str) -> str:
        path, _, fragment = key.partition("#")
        url = get_relative_url(files.get_file_from_path(path).url, page.url)
        return url + (f"#{fragment}" if fragment else "")

    figure = render_svg(nodes(), _state["edges"], href)
    return html_content.replace(SVG_MARKER, figure, 1)
