"""Concept map (issue 5, item 5; issue 13, item 4): an inline SVG drawn at build time.

The map's groups are topics of anchors.txt and its boxes carry the words of the pages
they link to; its edges are exactly the connections of the examples' and debates'
"Editorial cross-references" boxes, its text alternative lists the same links, and it
passes axe in both palettes and prints. In the browser, at 1280 px and 390 px: every
label is at least 12 px, no label leaves its box, no edge crosses a box, and the page
itself never scrolls sideways.
"""

from __future__ import annotations

import posixpath

import pytest
from mkdocs.exceptions import PluginError

from sl_guide import concept_map
from sl_guide.hooks import concept_map as hook
from sl_guide.hooks.anchors import read_manifest
from sl_guide.toolkit import (
    ROOT,
    front_matter,
    load_config,
    open_for_instant_navigation,
    open_ready,
    wait_for_instant_navigation,
)

PAGE = "concept-map/index.html"
GROUP_SIZES = {"six-dimensions": 6, "toronto-skills": 6, "leadership-approaches": 4, "examples": 2, "debates": 4}
SPEC = front_matter(ROOT / "docs" / "concept-map.md")["concept_map"]


def resolve(site, base: str, href: str) -> tuple[str, str]:
    """A relative href on page ``base`` as (built file, fragment); asserts it exists."""
    path, _, fragment = href.partition("#")
    folder = posixpath.dirname(base)
    target = posixpath.normpath(posixpath.join(folder, path, "index.html")) if path else base
    assert (site.root / target).is_file(), href
    if fragment:
        assert site.soup(target).find(id=fragment) is not None, href
    return target, fragment


def key_of(target: str, fragment: str) -> str:
    """Built file and fragment as a node key (``page.md#id``)."""
    folder = target[: -len("/index.html")] if target != "index.html" else ""
    src = f"{folder}.md" if (ROOT / "docs" / f"{folder}.md").is_file() else f"{folder}/index.md"
    return f"{src}#{fragment}" if fragment else src


@pytest.fixture(scope="module")
def svg(site):
    figure = site.article(PAGE).select_one("figure.concept-map")
    assert figure is not None, "no concept map figure"
    return figure.find("svg")


def test_map_is_an_inline_svg_without_script(site, svg):
    assert svg is not None
    # Drawn in the built HTML, at 1:1 (labels keep their size), with no script inside.
    assert svg["viewbox"].split()[2] == svg["width"]
    assert len(svg.select("a.cm-node")) == len(svg.find_all("text")) == sum(GROUP_SIZES.values()) + len(GROUP_SIZES)
    assert svg.find("script") is None and svg.find("foreignobject") is None
    assert svg["role"] == "group"
    title = svg.find("title", id=svg["aria-labelledby"])
    assert title is not None and "Concept map" in title.get_text()


def test_every_group_and_node_is_present(svg):
    for group, size in GROUP_SIZES.items():
        element = svg.select_one(f"g.cm-{group}")
        assert element is not None and element["role"] == "group" and element["aria-label"], group
        nodes = element.select("a.cm-node:not(.cm-header)")
        assert len(nodes) == size, group
        assert len(element.select("a.cm-header")) == 1, group


def test_nodes_link_to_existing_anchors(site, svg):
    links = svg.select("a.cm-node")
    assert len(links) == sum(GROUP_SIZES.values()) + len(GROUP_SIZES)
    for link in links:
        target, fragment = resolve(site, PAGE, link["xlink:href"])
        assert key_of(target, fragment) == link["data-target"]
        assert link["aria-label"] and link.find("title").get_text() == link["aria-label"]
        assert link.find("rect") is not None and link.find("text").get_text(strip=True)


def _box_edges(site) -> set[frozenset[str]]:
    """Connections read from the built pages' cross-reference boxes, as node keys."""
    nodes = set(_node_keys(site))
    headers = [a["data-target"] for a in site.article(PAGE).select("svg a.cm-header")]
    group_pages = {target.partition("#")[0]: target for target in headers}
    edges = set()
    for rel in ("examples/thurrock/index.html", "examples/wigan/index.html", "debates/index.html"):
        article = site.article(rel)
        boxes = [b for b in article.select(".admonition.info")
                 if b.select_one(".admonition-title").get_text(strip=True) == "Editorial cross-references"]
        assert boxes, rel
        for box in boxes:
            heading = box.find_previous(["h1", "h2"])
            source = key_of(rel, heading["id"])
            if source not in nodes:
                source = key_of(rel, "")
            for link in box.find_all("a", href=True):
                target, fragment = resolve(site, rel, link["href"])
                key = key_of(target, fragment)
                key = key if key in nodes else group_pages.get(key)
                if key and key != source:
                    edges.add(frozenset((source, key)))
    return edges


def _node_keys(site) -> list[str]:
    return [a["data-target"] for a in site.article(PAGE).select("svg a.cm-node")]


def test_edges_are_the_cross_reference_boxes(site, svg):
    drawn = {frozenset((p["data-from"], p["data-to"])) for p in svg.select("g.cm-edges path")}
    assert svg.select_one("g.cm-edges")["aria-hidden"] == "true"
    expected = _box_edges(site)
    assert len(expected) >= 15
    assert drawn == expected
    assert frozenset(("examples/wigan.md", "six-dimensions.md#ways-of-feeling")) in drawn
    assert frozenset(("debates.md#debate-4-whole-system", "leadership-approaches.md#collective-leadership")) in drawn


def _list_connections(site, listing) -> set[frozenset[str]]:
    """Connections written in the text alternative: an item's first link, and the links after "connected to"."""
    found = set()
    for group_item in listing.find_all("li", recursive=False):
        group_key = key_of(*resolve(site, PAGE, group_item.find("strong").find("a")["href"]))
        for item in group_item.select("ul > li"):
            links = item.find_all("a")
            if item.get_text().startswith("The whole group"):
                source, others = group_key, links
            else:
                source, others = key_of(*resolve(site, PAGE, links[0]["href"])), links[1:]
            found |= {frozenset((source, key_of(*resolve(site, PAGE, a["href"])))) for a in others}
    return found


def test_text_alternative_lists_the_same_links(site, svg):
    article = site.article(PAGE)
    listing = article.find("h2", id="map-as-list").find_next_sibling("ul")
    listed = {resolve(site, PAGE, a["href"]) for a in listing.find_all("a")}
    drawn = {resolve(site, PAGE, a["xlink:href"]) for a in svg.select("a.cm-node")}
    assert drawn == listed
    edges = {frozenset((p["data-from"], p["data-to"])) for p in svg.select("g.cm-edges path")}
    assert _list_connections(site, listing) == edges


def test_home_page_links_to_the_map(site):
    links = [a["href"] for a in site.article("index.html").find_all("a", href=True)]
    assert any(href.rstrip("/").endswith("concept-map") for href in links)


def test_groups_come_from_anchors_and_the_pages_own_words(site, svg):
    """Each group is a topic of anchors.txt; each box says what its target says."""
    topics = {}
    for anchor in read_manifest(ROOT / "anchors.txt"):
        topics.setdefault(anchor.topic, set()).add(anchor.key)
    for link in svg.select("a.cm-node"):
        target, fragment = resolve(site, PAGE, link["xlink:href"])
        element = site.article(target).find(id=fragment) if fragment else site.article(target).find("h1")
        if element.name == "figure":
            element = element.find("figcaption")
        words = " ".join(element.find(string=True, recursive=False).split()) if element.name == "h1" else None
        expected = words or " ".join(element.get_text(" ").replace("¶", "").split())
        label = " ".join(link.find("text").get_text(" ").split())
        assert label == expected, link["data-target"]
        assert any(link["data-target"] in keys or link["data-target"] in {k.partition("#")[0] for k in keys}
                   for keys in topics.values()), link["data-target"]
    labels = {g["aria-label"] for g in svg.select("g.cm-group")}
    assert "Table 3: Leadership approaches which underpin systems leadership" in labels


def test_bad_edge_source_is_named(tmp_path):
    (tmp_path / "examples").mkdir()
    sources = ["examples/thurrock.md"]
    (tmp_path / sources[0]).write_text("# Page {#page}\n\nNo box here.\n", encoding="utf-8")
    groups = [concept_map.Group("examples", "Examples", "examples/index.md", 1, [("T", "examples/thurrock.md")])]
    with pytest.raises(concept_map.ConceptMapError, match=r"thurrock\.md: no 'Editorial cross-references' box"):
        concept_map.read_edges(tmp_path, sources, groups)


@pytest.mark.parametrize("spec, message", [
    ({"left": ["No such topic"]}, r"docs/concept-map\.md: concept_map: left: topic 'No such topic' is not a \[Topic\] of anchors\.txt"),
    ({"middle": ["Debates"]}, r"docs/concept-map\.md: concept_map: unknown key 'middle'"),
    ({"left": [{"topic": "Debates", "header": "six-dimensions.md"}]}, r"header 'six-dimensions\.md' of topic 'Debates' is not one of its anchors\.txt entries"),
])
def test_bad_map_data_is_named(spec, message):
    from mkdocs.structure.files import get_files

    config = load_config()
    anchors = read_manifest(ROOT / "anchors.txt")
    with pytest.raises(PluginError, match=message):
        hook.groups_from(spec, anchors, get_files(config), config, "docs/concept-map.md")


def test_missing_shortcode_is_named():
    from types import SimpleNamespace

    page = SimpleNamespace(file=SimpleNamespace(src_uri="concept-map.md"), meta={"concept_map": SPEC})
    with pytest.raises(PluginError, match=r"docs/concept-map\.md: the shortcode <!-- md:concept-map-list --> is missing"):
        hook.on_page_markdown("# Map\n\n<!-- md:concept-map -->\n", page, load_config(), None)


def test_edges_never_skip_the_centre_column():
    left = concept_map.Group("a", "A", "a.md", 0, [("A1", "a.md#1")])
    right = concept_map.Group("b", "B", "b.md", 2, [("B1", "b.md#1")])
    with pytest.raises(concept_map.ConceptMapError, match="would cross the centre column"):
        concept_map.render_svg([left, right], [("a.md#1", "b.md#1")], lambda key: key)


# --- In a browser: accessibility, keyboard, print ----------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_passes_axe(pages, server, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = pages(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    open_ready(page, server + "concept-map/")
    page.evaluate(Axe().axe_script)
    violations = page.evaluate(
        "(tags) => axe.run('figure.concept-map', {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
        AXE_TAGS,
    )
    assert not violations, violations
    # The node text contrasts with its box in this palette (computed colours).
    ratio = page.evaluate(CONTRAST, "svg a.cm-node:not(.cm-header)")
    assert ratio >= 4.5, ratio
    ratio = page.evaluate(CONTRAST, "svg a.cm-header")
    assert ratio >= 4.5, ratio


CONTRAST = """(selector) => {
  const node = document.querySelector(selector);
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const text = lum(rgb(getComputedStyle(node.querySelector('text')).fill));
  const box = lum(rgb(getComputedStyle(node.querySelector('rect')).fill));
  return (Math.max(text, box) + 0.05) / (Math.min(text, box) + 0.05);
}"""


@pytest.mark.browser
def test_map_nodes_are_keyboard_links(page, server):
    open_ready(page, server + "concept-map/")
    node = page.locator('svg a.cm-node[data-target="toronto-skills.md#sharing-power"]')
    node.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-target')") == "toronto-skills.md#sharing-power"
    page.keyboard.press("Enter")
    page.wait_for_url("**/toronto-skills/#sharing-power")


@pytest.mark.browser
def test_map_after_instant_navigation(page, server):
    """Material's instant navigation loads the map page without errors, and its
    nodes still lead to their sections."""
    errors = []

    def failed(error):
        errors.append(str(error))

    page.on("pageerror", failed)
    try:
        open_for_instant_navigation(page, server + "glossary/")
        page.evaluate("document.querySelector('a.md-footer__link--next').click()")
        wait_for_instant_navigation(page, server + "concept-map/")
        page.locator("figure.concept-map svg").wait_for()
        assert not errors, errors
        page.locator('svg a.cm-node[data-target="debates.md#debate-1-evidence"]').click()
        page.wait_for_url("**/debates/#debate-1-evidence")
        assert not errors, errors
    finally:
        page.remove_listener("pageerror", failed)  # the page is shared (conftest.Pages)


@pytest.mark.browser
def test_map_prints_and_works_without_javascript(nojs_page, server):
    page = nojs_page
    page.goto(server + "concept-map/")
    page.emulate_media(media="print")
    box = page.locator("figure.concept-map svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    assert page.locator("#map-as-list").is_visible()
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"


# --- Legible at 1280 px and 390 px: label sizes, clipping, edges and boxes ----------------

GEOMETRY = """() => {
  const svg = document.querySelector('figure.concept-map svg');
  const scale = svg.getScreenCTM().a;  // screen px per SVG unit
  const boxes = [...svg.querySelectorAll('a.cm-node')].map((a) => {
    const r = a.querySelector('rect'), t = a.querySelector('text'), b = t.getBBox();
    return {
      key: a.getAttribute('data-target'),
      rect: {x: r.x.baseVal.value, y: r.y.baseVal.value, w: r.width.baseVal.value, h: r.height.baseVal.value},
      text: {x: b.x, y: b.y, w: b.width, h: b.height},
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
      lines: t.querySelectorAll('tspan').length,
    };
  });
  const edges = [...svg.querySelectorAll('g.cm-edges path')].map((p) => {
    const length = p.getTotalLength(), points = [];
    for (let d = 0; d <= length; d += 2) { const q = p.getPointAtLength(d); points.push([q.x, q.y]); }
    return {from: p.getAttribute('data-from'), to: p.getAttribute('data-to'), points};
  });
  const scroller = svg.closest('.concept-map__scroll');
  return {scale, boxes, edges, page: [document.documentElement.scrollWidth, innerWidth],
          scroll: [scroller.scrollWidth, scroller.clientWidth]};
}"""


def _inside(point, rect, margin) -> bool:
    x, y = point
    return (rect["x"] + margin < x < rect["x"] + rect["w"] - margin
            and rect["y"] + margin < y < rect["y"] + rect["h"] - margin)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_map_is_legible(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_ready(page, server + "concept-map/")
    geometry = page.evaluate(GEOMETRY)
    boxes = geometry["boxes"]
    assert len(boxes) == sum(GROUP_SIZES.values()) + len(GROUP_SIZES)
    small = [(b["key"], round(b["px"], 1)) for b in boxes if b["px"] < 12]
    assert not small, f"labels under 12 px at {width} px: {small}"
    for box in boxes:  # every label inside its box, with its padding
        text, rect = box["text"], box["rect"]
        assert rect["x"] + 4 <= text["x"] and text["x"] + text["w"] <= rect["x"] + rect["w"] - 4, box["key"]
        assert rect["y"] + 2 <= text["y"] and text["y"] + text["h"] <= rect["y"] + rect["h"] - 2, box["key"]
    rects = {b["key"]: b["rect"] for b in boxes}
    assert len(geometry["edges"]) >= 15
    for edge in geometry["edges"]:
        for key, rect in rects.items():
            # An edge may touch its own two boxes at their border, and enters no box.
            margin = 1.5 if key in (edge["from"], edge["to"]) else -1
            crossing = [p for p in edge["points"] if _inside(p, rect, margin)]
            assert not crossing, f"edge {edge['from']} – {edge['to']} crosses {key} at {crossing[0]}"
    page_width, viewport = geometry["page"]
    assert page_width <= viewport, "the page scrolls sideways"
    if width == 1280:
        assert geometry["scale"] == 1 and geometry["scroll"][0] <= geometry["scroll"][1], "the map fits at 1280 px"


@pytest.mark.browser
def test_a_line_above_the_map_says_it_scrolls_where_it_is_wider_than_its_box(page, server):
    page.goto(server + "concept-map/")
    hint = page.locator(".concept-map-hint")
    assert hint.locator("a").evaluate("a => a.hash") == "#map-as-list"
    shown = {}
    for width in (390, 768, 945, 950, 960, 965, 1024, 1280, 1600):
        page.set_viewport_size({"width": width, "height": 900})
        wider = page.evaluate("() => { const s = document.querySelector('.concept-map__scroll');"
                              " return s.scrollWidth > s.clientWidth; }")
        assert hint.is_visible() == wider, width
        shown[width] = wider
    assert shown[390] and not shown[1280]
