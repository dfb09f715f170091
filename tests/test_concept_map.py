"""Concept map (issue 5, item 5): an inline SVG drawn at build time.

The map's nodes link to existing anchors, its edges are exactly the connections of the
examples' and debates' "Editorial cross-references" boxes, its text alternative lists the
same links, no script is involved, and it passes axe in both palettes and prints.
"""

from __future__ import annotations

import posixpath

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

from sl_guide.hooks import concept_map

PAGE = "concept-map/index.html"
GROUP_SIZES = {"dimensions": 6, "toronto": 6, "approaches": 4, "examples": 2, "debates": 4}


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
    html = (site.root / PAGE).read_text(encoding="utf-8")
    assert "mermaid" not in html.lower()
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
    nodes = {link_key for link_key in _node_keys(site)}
    group_pages = {g.target.partition("#")[0]: g.target for g in concept_map.GROUPS}
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


def test_bad_edge_source_is_named(tmp_path):
    (tmp_path / "examples").mkdir()
    for name in concept_map.EDGE_SOURCES:
        (tmp_path / name).write_text("# Page {#page}\n\nNo box here.\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"thurrock\.md: no 'Editorial cross-references' box"):
        concept_map.read_edges(tmp_path, concept_map.nodes())


# --- In a browser: accessibility, keyboard, print ----------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_passes_axe(browser, server, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + "concept-map/", wait_until="networkidle")
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
    finally:
        context.close()


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
    page.goto(server + "concept-map/", wait_until="networkidle")
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
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "glossary/", wait_until="networkidle")
    page.evaluate("document.querySelector('a.md-footer__link--next').click()")
    page.wait_for_url("**/concept-map/")
    page.locator("figure.concept-map svg").wait_for()
    assert not errors, errors
    page.locator('svg a.cm-node[data-target="debates.md#debate-1-evidence"]').click()
    page.wait_for_url("**/debates/#debate-1-evidence")
    assert not errors, errors


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
