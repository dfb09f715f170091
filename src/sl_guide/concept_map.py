"""The concept map's core: nodes, edges, layout and the SVG (no MkDocs import).

``src/sl_guide/hooks/concept_map.py`` gathers the data from the site (the
topics of ``anchors.txt``, the pages' own headings and titles, the
"Editorial cross-references" boxes) and hands it to these functions:

* :func:`read_edges`: the connections, from the boxes of the edge source pages;
* :func:`render_svg`: an inline ``<svg>`` in three columns, each node an
  ``<a>`` to its section with a ``<title>`` and an ``aria-label``, drawn so that
  every label fits its box and no edge crosses a box (edges run only between
  neighbouring columns, or as an arc in the gap beside a column);
* :func:`text_alternative`: the same nodes and connections as a Markdown list.

Errors are :class:`ConceptMapError` (a ``ValueError``) naming the file.
"""

from __future__ import annotations

import html
import posixpath
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

#: Columns of the map, left to right, as named in concept-map.md's front matter.
COLUMNS = ("left", "centre", "right")


class ConceptMapError(ValueError):
    """Bad concept-map data; the message names the file."""


@dataclass
class Group:
    key: str  # CSS class suffix, from the header's page ("six-dimensions")
    label: str  # the header's own text on its page
    target: str  # "page.md" or "page.md#id"
    column: int
    nodes: list[tuple[str, str]] = field(default_factory=list)  # (label, target)


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


def nodes(groups: list[Group]) -> dict[str, Node]:
    """Every node (group headers included), keyed by target."""
    found: dict[str, Node] = {}
    for group in groups:
        found[group.target] = Node(group.target, group.label, group, header=True)
        for label, target in group.nodes:
            found[target] = Node(target, label, group)
    return found


BOX = re.compile(r'^!!! info "Editorial cross-references"[ \t]*\n((?:[ \t]*\n|(?: {4}|\t).*\n?)*)', re.MULTILINE)
HEADING_ID = re.compile(r"^#{1,6}\s.*?\{\s*#(?P<id>[\w-]+)[^}]*\}\s*$", re.MULTILINE)
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def _resolve(source_uri: str, target: str) -> str | None:
    """A Markdown link target, relative to ``source_uri``, as ``page.md[#id]``."""
    if re.match(r"^[a-z]+:", target):
        return None
    path, _, fragment = target.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), path)) if path else source_uri
    return f"{path}#{fragment}" if fragment else path


def read_edges(docs_dir: Path, sources: list[str], groups: list[Group]) -> list[tuple[str, str]]:
    """Edges (pairs of node keys) from the cross-reference boxes of the ``sources`` pages.

    A link in the box under a node's section joins that node to the linked node
    (a link to a group's page joins it to the group)."""
    all_nodes = nodes(groups)
    group_pages = {g.target.partition("#")[0]: g.target for g in groups}
    edges: list[tuple[str, str]] = []
    for source_uri in sources:
        path = docs_dir / source_uri
        if not path.is_file():
            raise ConceptMapError(f"concept map: edge source {path} not found")
        markdown = path.read_text(encoding="utf-8")
        boxes = list(BOX.finditer(markdown))
        if not boxes:
            raise ConceptMapError(f"concept map: {path}: no 'Editorial cross-references' box")
        for box in boxes:
            headings = list(HEADING_ID.finditer(markdown, 0, box.start()))
            section = f"{source_uri}#{headings[-1].group('id')}" if headings else source_uri
            source = section if section in all_nodes else source_uri
            if source not in all_nodes:
                raise ConceptMapError(f"concept map: {path}: the box under {section!r} belongs to no node of the map")
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

#: Drawn at 1:1 (the figure scrolls sideways where the column is narrower), so a
#: label is FONT px on screen. 930 px is the content column at 1280 px without
#: the table of contents (concept-map.md hides it).
WIDTH = 920
COLUMN_W = 270
COLUMN_X = (5, 325, 645)  # 50 px gaps between the columns, for the edges
FONT = 15
LINE = 20
PAD = 12
GAP = 12
GROUP_GAP = 32
#: Characters per line: the box's inner width over a generous average glyph
#: width (0.58 em regular, 0.64 em bold; Arial's is about 0.5 em), so that a
#: label never reaches the edge (tests/test_concept_map.py measures it).
WRAP = int((COLUMN_W - 2 * PAD) / (0.58 * FONT))
WRAP_BOLD = int((COLUMN_W - 2 * PAD) / (0.64 * FONT))
ARC = 40  # how far a same-column arc reaches into the gap (its curve reaches 3/4 of it)


def layout(groups: list[Group], all_nodes: dict[str, Node]) -> float:
    """Place the nodes in their columns; return the drawing's height."""
    bottoms = [8.0, 8.0, 8.0]
    for group in groups:
        column = group.column
        y = bottoms[column] + (GROUP_GAP if bottoms[column] > 8 else 0)
        for node in [n for n in all_nodes.values() if n.group is group]:
            node.lines = textwrap.wrap(node.label, WRAP_BOLD if node.header else WRAP) or [node.label]
            node.x, node.w = COLUMN_X[column], COLUMN_W
            node.y, node.h = y, PAD * 2 + LINE * len(node.lines) - (LINE - FONT)
            y += node.h + GAP
        bottoms[column] = y - GAP
    return max(bottoms) + 8


def edge_path(a: Node, b: Node) -> str:
    """A cubic curve between two boxes of neighbouring columns (x only grows, so it
    stays in the gap between them), or an arc in the gap right of a shared column."""
    ay, by = a.y + a.h / 2, b.y + b.h / 2
    if a.group.column == b.group.column:
        x = a.x + a.w
        return f"M{x:.0f},{ay:.0f} C{x + ARC:.0f},{ay:.0f} {x + ARC:.0f},{by:.0f} {x:.0f},{by:.0f}"
    if abs(a.group.column - b.group.column) != 1:
        raise ConceptMapError(
            f"concept map: docs/concept-map.md: the edge {a.key} – {b.key} would cross the centre column; "
            "put one of the two topics in the centre column"
        )
    if a.group.column > b.group.column:
        a, b, ay, by = b, a, by, ay
    x1, x2 = a.x + a.w, b.x
    middle = (x1 + x2) / 2
    return f"M{x1:.0f},{ay:.0f} C{middle:.0f},{ay:.0f} {middle:.0f},{by:.0f} {x2:.0f},{by:.0f}"


def render_svg(groups: list[Group], edges: list[tuple[str, str]], href) -> str:
    """The figure: an inline SVG, each node a link (``href(target)`` gives its URL)."""
    all_nodes = nodes(groups)
    height = layout(groups, all_nodes)
    if any(a.group.column == b.group.column == len(COLUMNS) - 1
           for a, b in ((all_nodes[x], all_nodes[y]) for x, y in edges)):
        raise ConceptMapError("concept map: docs/concept-map.md: an edge joins two nodes of the right column")
    esc = lambda text: html.escape(text, quote=True)  # noqa: E731
    out = [
        '<figure class="concept-map">',
        # Scrolls sideways where the column is narrower than the map: focusable, so
        # that a keyboard can scroll it too (axe: scrollable-region-focusable).
        '<div class="concept-map__scroll" tabindex="0" role="region" aria-label="Concept map (scrolls sideways '
        'on a narrow screen)">',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" role="group" '
        'aria-labelledby="concept-map-title" focusable="false">',
        '<title id="concept-map-title">Concept map: '
        + esc(", ".join(g.label for g in groups))
        + ", and how they connect</title>",
        '<g class="cm-edges" aria-hidden="true">',
    ]
    for a, b in edges:
        out.append(
            f'<path d="{edge_path(all_nodes[a], all_nodes[b])}" data-from="{esc(a)}" data-to="{esc(b)}" '
            'fill="none" stroke="#5f6368" stroke-width="1.5"/>'
        )
    out.append("</g>")
    for group in groups:
        out.append(f'<g class="cm-group cm-{group.key}" role="group" aria-label="{esc(group.label)}">')
        for node in [n for n in all_nodes.values() if n.group is group]:
            name = node.label if node.header else f"{node.label} ({group.label})"
            kind = "cm-node cm-header" if node.header else "cm-node"
            fill, text_fill = ("#3f51b5", "#ffffff") if node.header else ("#ffffff", "#1a1a1a")
            weight = ' font-weight="700"' if node.header else ""
            out.append(
                # xlink:href, not href: Material's instant navigation re-assigns every
                # relative [href] of a page it loads, which throws on SVG links.
                f'<a class="{kind}" xlink:href="{esc(href(node.key))}" data-target="{esc(node.key)}" '
                f'aria-label="{esc(name)}"><title>{esc(name)}</title>'
                f'<rect x="{node.x:.0f}" y="{node.y:.0f}" width="{node.w:.0f}" height="{node.h:.0f}" rx="6" '
                f'fill="{fill}" stroke="#3f51b5" stroke-width="1.5"/>'
            )
            out.append(f'<text x="{node.x + PAD:.0f}" y="{node.y + PAD + FONT - 3:.0f}" fill="{text_fill}" '
                       f'font-size="{FONT}"{weight}>')
            for index, line in enumerate(node.lines):
                dy = 0 if index == 0 else LINE
                out.append(f'<tspan x="{node.x + PAD:.0f}" dy="{dy}">{esc(line)}</tspan>')
            out.append("</text></a>")
        out.append("</g>")
    out += [
        "</svg>",
        "</div>",
        '<figcaption>Concept map of the guide. Each box links to its section; '
        '<a href="#map-as-list">the same links as a list</a> follow the map.</figcaption>',
        "</figure>",
    ]
    return "\n".join(out)


def text_alternative(groups: list[Group], edges: list[tuple[str, str]], page_uri: str) -> str:
    """The same nodes and connections as a nested Markdown list of links."""
    all_nodes = nodes(groups)
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
    for group in groups:
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
