"""Pages that fit a phone, and honest furniture (issue 14 items 3, 4 and 5).

Every page is opened once at 390 px (a touch phone) and once at 1280 px; each
visit records what the tests below check:

* nothing scrolls the page sideways (``scrollWidth <= innerWidth``): wide tables
  scroll inside their own box;
* no heading leaves its tools (copy link, print) on a line of their own: they sit
  on the line of the heading's last word;
* citations have their own style with AA contrast, in light and dark.

Plus the editorial furniture: one disclaimer per page, a note beside "ISBN 99999".
"""

from __future__ import annotations

import pytest

#: The passes of tests/conftest.py's crawl whose layout is measured: a touch phone at
#: 390 px and a laptop at 1280 px, every page of the site in each (the same visits feed
#: axe-core, the privacy and the no-JS checks).
WIDTHS = {"phone": 390, "laptop": 1280}
CRAWLS = ["light-390", "light-1280"]
PASS = {"phone": "light-390", "laptop": "light-1280"}


def _layouts(crawl, name: str) -> dict[str, dict]:
    return {url: visit.layout for url, visit in crawl(PASS[name]).visits.items()}


@pytest.mark.browser
@pytest.mark.parametrize("name", WIDTHS)
def test_no_page_scrolls_sideways(crawl, name):
    assert crawl(PASS[name]).width == WIDTHS[name]
    wide = {url or "/": m["overflow"] for url, m in _layouts(crawl, name).items() if m["overflow"] > 0}
    assert not wide, f"pages wider than {WIDTHS[name]} px (px too wide): {wide}"


@pytest.mark.browser
@pytest.mark.parametrize("name", WIDTHS)
def test_no_text_of_a_page_is_smaller_than_12_px(crawl, name):
    small = {url or "/": m["small"] for url, m in _layouts(crawl, name).items() if m["small"]}
    assert not small, f"text under 12 px at {WIDTHS[name]} px: {small}"


@pytest.mark.browser
@pytest.mark.parametrize("name", WIDTHS)
def test_no_heading_leaves_its_tools_on_a_line_of_their_own(crawl, site, name):
    pages = set(site.urls())  # the print view's headings have no tools
    lonely = {url or "/": m["lonely"] for url, m in _layouts(crawl, name).items() if url in pages and m["lonely"]}
    assert not lonely, f"headings whose tools are not on their last line at {WIDTHS[name]} px: {lonely}"


@pytest.mark.browser
def test_crawl_covers_every_page_and_the_named_headings(crawl, site):
    for name in WIDTHS:
        assert set(site.urls()) <= set(_layouts(crawl, name))
    assert len(site.urls()) >= 25


@pytest.mark.browser
def test_the_bibliography_starts_its_list_on_the_first_screen_of_a_phone(pages, server):
    """A reader looking up a reference on a phone sees the list begin without scrolling:
    the corrections to the 2020 list follow it (a short note above says where)."""
    page = pages(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(server + "bibliography/")
    assert page.locator("#all-references").bounding_box()["y"] < 844 - 100
    assert page.locator("#corrections").bounding_box()["y"] > page.locator("article .csl-entry").last.bounding_box()["y"]


@pytest.mark.browser
def test_cite_this_section_is_a_small_line_under_its_heading(pages, server):
    """On a phone, a closed "Cite this section" is one short line in link colour, a
    24 px target: not a full-width box as tall as the short sections it sits over (the
    Toronto skills are one sentence each)."""
    page = pages(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(server + "toronto-skills/")
    column = page.locator("article.md-content__inner").bounding_box()["width"]
    boxes = page.evaluate("""() => [...document.querySelectorAll('article details.cite-section')].map(d => {
        const s = d.querySelector('summary').getBoundingClientRect(), b = d.getBoundingClientRect();
        const style = getComputedStyle(d);
        return {height: b.height, width: s.width, target: s.height,
                framed: style.borderTopStyle !== 'none' || style.backgroundColor !== 'rgba(0, 0, 0, 0)'};
    })""")
    assert len(boxes) >= 6
    for box in boxes:
        assert box["target"] >= 24 and box["height"] <= 40, box  # one line
        assert box["width"] < column / 2 and not box["framed"], box


def test_wide_tables_scroll_in_their_own_box(pages, server):
    page = pages(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(server + "why-now/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('article table')].map(t => {
        const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
        return {wide: t.scrollWidth > box.clientWidth, scrolls: getComputedStyle(box).overflowX,
                fits: box.getBoundingClientRect().right <= innerWidth};
    })""")
    assert boxes, "no table on why-now/"
    assert all(b["fits"] for b in boxes), boxes
    assert all(b["scrolls"] == "auto" for b in boxes if b["wide"]), boxes
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


# --- Citations: recognisable, with AA contrast in light and dark ----------------------

#: Contrast of each citation's text on its (tinted, composited) background.
CONTRAST = """() => {
  // "rgb(r, g, b)", "rgba(r, g, b, a)" or, from color-mix(), "color(srgb r g b / a)" with r, g, b in 0..1.
  const parse = c => {
    const m = c.match(/[\\d.]+/g).map(Number);
    const scale = c.startsWith('color(srgb') ? 255 : 1;
    return [m[0] * scale, m[1] * scale, m[2] * scale, m.length > 3 ? m[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  return [...document.querySelectorAll('article a.citation, article .ref-back, article .csl-entry:target a')].map(a => {
    const bg = background(a);
    const fg = over(parse(getComputedStyle(a).color), bg);
    const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  });
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_citations_keep_aa_contrast(pages, server, scheme):
    page = pages(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page.goto(server + "examples/wigan/")
    # Follow a citation: the targeted entry and its "Back to text" link are measured too.
    page.locator("a.citation").first.click()
    page.locator(".ref-back").wait_for()
    page.locator("article .csl-entry:target a").first.wait_for()  # the hash lands after the click
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) >= 3, ratios
    # Focused (and hovered): the citation's preview opens, the colours change.
    page.locator("a.citation").first.focus()
    page.locator("a.citation").first.hover()
    page.wait_for_function("() => document.getAnimations().length === 0")
    focused = page.evaluate(CONTRAST)
    assert min(ratios) >= 4.5, f"{scheme}: lowest citation contrast {min(ratios):.2f}:1"
    assert min(focused) >= 4.5, f"{scheme}: lowest contrast, citation focused {min(focused):.2f}:1"


# --- Honest furniture (issue 14 item 4) ---------------------------------------------

DISCLAIMER = "are added by the editors of this online edition to help navigation; they are not part of the 2020 text"


def test_one_editorial_disclaimer_per_page(site):
    for path in site.pages():
        text = " ".join(site.article(site.rel(path)).get_text(" ").split())
        assert text.count(DISCLAIMER) <= 1, f"{site.rel(path)}: the editorial disclaimer appears {text.count(DISCLAIMER)} times"
    debates = site.article("debates/index.html")
    boxes = [b for b in debates.select(".admonition") if b.select_one(".admonition-title").get_text(strip=True)
             == "Editorial cross-references"]
    assert len(boxes) == 4  # every box kept, with its links
    assert all(box.find("a") for box in boxes)
    assert DISCLAIMER in " ".join(boxes[0].get_text(" ").split())


def test_isbn_placeholder_has_an_editorial_note(site):
    article = site.article("about/index.html")
    isbn = next(p for p in article.find_all("p") if p.get_text(" ", strip=True) == "ISBN 99999")
    note = isbn.find_next_sibling()
    assert "admonition" in note.get("class", []) and "note" in note["class"]
    title = note.select_one(".admonition-title").get_text(strip=True)
    assert title.startswith("Editorial note")
    text = " ".join(note.get_text(" ").split())
    assert "placeholder" in text and "imprint page" in text
    assert note.select_one("a.citation[href='#ref-miller2020']") is not None  # its source, cited
