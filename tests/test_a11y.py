"""Accessibility in a real browser (issue 6, items 2 and 3).

axe-core (through axe-playwright-python) checks the pages of the session's crawls
(tests/conftest.py: each configuration visits its pages once, and the privacy and
no-JS tests read the same visits): every page, the print view and the 404 page in
the light palette at 1280 px; a representative page of each kind in the dark
palette and at 390 px, light and dark. It runs every
rule of WCAG 2.0/2.1/2.2 levels A and AA plus all of axe's best-practice rules
(the guide's target is WCAG 2.2 AA); the AAA rule ``color-contrast-enhanced``
and axe's experimental rules are not part of that target. No rule is disabled
and no element is excluded: Material's own issues are fixed in ``overrides/``
and ``docs/assets/css/``.

The keyboard tests use only key presses: the skip link, a visible focus
indicator, search, citation previews and the self-assessment form.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sl_guide.toolkit import (
    AXE_TAGS,
    READY,
    SEARCH_SETTLED,
    SETTLED,
    WATCH_REQUESTS,
    accessible_names,
    axe_violations,
    describe_violations,
    open_ready,
    page_requested,
)

pytestmark = pytest.mark.browser

#: Configuration: the palette Material must show (it follows the system preference).
PALETTE = {"light-1280": "default", "dark-1280": "slate", "light-390": "default", "dark-390": "slate"}
#: The crawls of tests/conftest.py this module reads (made together, concurrently).
CRAWLS = list(PALETTE)


def test_axe_runs_best_practice_rules(page):
    """The option set really includes best-practice rules (and fails on them)."""
    page.set_content("<!doctype html><html lang=en><title>t</title><main>a</main><main>b</main></html>")
    violations = axe_violations(page)
    assert "landmark-no-duplicate-main" in {v["id"] for v in violations}
    rules = page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", AXE_TAGS)
    assert {"region", "landmark-one-main", "heading-order", "color-contrast", "target-size",
            "link-in-text-block", "aria-dialog-name"} <= set(rules)


@pytest.mark.parametrize("name", PALETTE)
def test_axe(crawl, site, name):
    """No axe violation on any page of the crawl: every page (print view and 404 page
    included) in the light palette at 1280 px; the representative pages of
    ``conftest.REPRESENTATIVE`` in dark and at 390 px (see there why they suffice)."""
    result = crawl(name)
    checked = {url for url, visit in result.visits.items() if visit.axe is not None}
    if name == "light-1280":
        assert set(site.urls()) <= checked, "the light 1280 px pass checks every page"
    else:
        assert len(checked) >= 10 and set(crawl.axe_urls(name)) <= checked
    failures = []
    for url, visit in result.visits.items():
        assert visit.palette == PALETTE[name], f"/{url}: palette {visit.palette}, not the one under test"
        violations = visit.axe
        if violations:
            failures.append(f"/{url}:\n{describe_violations(violations)}")
    assert not failures, f"axe-core violations ({name}):\n" + "\n".join(failures)


@pytest.mark.parametrize("name", PALETTE)
def test_no_script_errors(crawl, name):
    """No console error and no uncaught exception on any page of the crawl (a broken
    script breaks the keyboard, search and citation previews tested below)."""
    assert not crawl(name).errors, "\n".join(crawl(name).errors)


def test_axe_search_and_tooltip_open(pages, server):
    """Dynamic parts, checked while shown: search results and a citation preview (the
    rest of the page is checked in the crawl, in both palettes)."""
    for scheme in ("light", "dark"):
        page = pages(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        open_ready(page, server + "key-points/")
        page.keyboard.press("/")
        page.keyboard.type("Wigan")
        page.wait_for_selector(".md-search-result__item", state="visible")
        page.wait_for_function(SETTLED)
        violations = axe_violations(page, {"include": [".md-search"]})
        assert not violations, f"search open ({scheme}):\n{describe_violations(violations)}"
        page.keyboard.press("Escape")
        # Let the search box's closing transition finish (mid-fade colours are not what anyone reads).
        page.wait_for_function(SETTLED)
        page.locator("article a.citation").first.focus()
        page.wait_for_selector(".md-tooltip2--active", state="visible")
        page.wait_for_function(SETTLED)
        violations = axe_violations(page, {"include": ["article a.citation:focus", ".md-tooltip2--active"]})
        assert not violations, f"tooltip open ({scheme}):\n{describe_violations(violations)}"
        # The preview is hidden from assistive technology (it repeats the link's
        # description); check its colours with the hiding lifted.
        tooltip = page.locator(".md-tooltip2--active")
        assert tooltip.get_attribute("aria-hidden") == "true"
        tooltip.evaluate("t => t.removeAttribute('aria-hidden')")
        violations = axe_violations(page, {"include": [".md-tooltip2--active"]})
        assert not [v for v in violations if v["id"] == "color-contrast"], describe_violations(violations)


# --- Keyboard --------------------------------------------------------------------------

ACTIVE = """() => {
  const e = document.activeElement;
  return {tag: e.tagName, cls: e.className || '', text: (e.textContent || '').trim(),
          inArticle: !!e.closest('article.md-content__inner'), id: e.id};
}"""


def _tab_until(page, predicate, limit: int = 250) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if predicate(active):
            return active
    raise AssertionError(f"no matching element reached within {limit} Tab presses")


def test_skip_link_moves_focus_to_content(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_ready(page, server + "key-points/")
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    assert "md-skip" in active["cls"] and active["text"] == "Skip to content"
    box = page.locator("a.md-skip").bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10 and box["y"] >= 0, "skip link not visible on focus"
    page.evaluate(WATCH_REQUESTS)
    page.keyboard.press("Enter")
    heading_id = page.locator("article h1").get_attribute("id")
    assert page.evaluate("location.hash") == f"#{heading_id}"
    # The page stays as it is: Material 9.8 fetched it again and redrew it for the first
    # in-page link (docs/assets/js/in-page-links.js), and the focus fell back to <body>.
    assert not page_requested(page), "the skip link fetched the page again"
    # Sequential navigation now starts at the content, past header and sidebar.
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    assert active["inArticle"], f"Tab after the skip link did not land in the article: {active}"


FOCUS_STYLE = """() => {
  const s = getComputedStyle(document.activeElement);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, shadow: s.boxShadow};
}"""


def _alpha(color: str) -> float:
    values = re.findall(r"[\d.]+", color)
    return float(values[3]) if color.startswith("rgba") and len(values) == 4 else 1.0


def _focus_shown(style: dict) -> bool:
    """A solid outline of at least 2 px in an opaque colour, or a box shadow."""
    outline = style["style"] not in ("none", "hidden") and style["width"] >= 2 and _alpha(style["color"]) >= 0.8
    return outline or style["shadow"] != "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_visible(pages, server, scheme):
    """Every element reached by Tab (header, search, sidebar, content, footer)
    shows a solid outline of at least 2 px in an opaque colour."""
    page = pages(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    open_ready(page, server + "leadership-approaches/")
    seen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active["tag"] == "BODY":
            break
        if active["tag"] == "INPUT" and "md-option" in active["cls"]:
            continue  # the palette radio is visually hidden; its label shows the focus
        # Under load the focus style can land a frame after the focus itself: look again
        # for up to 2 s; when it never shows, the assertion names the element and its style.
        style = page.evaluate(FOCUS_STYLE)
        for _ in range(40):
            if _focus_shown(style):
                break
            page.wait_for_timeout(50)
            style = page.evaluate(FOCUS_STYLE)
        label = f"{active['tag']}.{active['cls']} {active['text'][:40]!r}"
        assert _focus_shown(style), f"no visible focus on {label}: {style}"
        seen.add(active["cls"].split()[0] if active["cls"] else active["tag"])
    assert {"md-skip", "md-nav__link", "citation"} <= seen


@pytest.mark.parametrize("width", [1280, 390])
def test_search_by_keyboard(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_ready(page, server + "key-points/")
    page.keyboard.press("/")
    assert "md-search__input" in page.evaluate(ACTIVE)["cls"]
    page.keyboard.type("Wigan")
    page.wait_for_selector(".md-search-result__item a[href*='wigan']", state="visible")
    page.wait_for_function(SEARCH_SETTLED, polling=100)  # the last letter's answer is drawn
    page.keyboard.press("ArrowDown")
    active = page.evaluate("document.activeElement.href")
    assert active and "wigan" in active
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/examples/wigan/"))
    # Material's instant navigation changes the address first, then the content.
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile(r"^Wigan Deal"))


def test_search_reachable_by_tab(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_ready(page, server)
    _tab_until(page, lambda a: "md-search__input" in a["cls"], limit=10)
    page.keyboard.type("Thurrock")
    page.wait_for_selector(".md-search-result__item", state="visible")
    assert "Thurrock" in page.locator(".md-search-result").inner_text()


def test_citation_preview_by_keyboard(page, server, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_ready(page, server + "key-points/")
    active = _tab_until(page, lambda a: "citation" in a["cls"])
    first = site.article("key-points/index.html").select_one("a.citation")
    assert active["text"] == first.get_text(strip=True)
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    box = tooltip.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 10
    # The preview is the full reference of the cited work (the link's title in the HTML).
    reference = " ".join(first["title"].split())
    assert reference[:60] in " ".join(tooltip.inner_text().split())
    # …and it is tied to the link for assistive technology.
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described and page.locator(f"#{described}").count() == 1
    # Enter follows the citation to its entry in the page's References.
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == first["href"][first["href"].index("#"):]


@pytest.mark.parametrize("url", ["six-dimensions/", "why-now/"])
def test_headings_cite_boxes_and_landmarks_are_named(page, server, site, url):
    """Read from Chromium's accessibility tree (what a screen reader gets): each h2 and
    h3 is named by its own text, not also by the copy and print buttons inside it (a
    list of headings would read "Ways of feeling Copy link to section: Ways of feeling
    Print this section: …"), each "Cite this section" box is named after its section
    (a list of controls would read the same name six times), and each navigation
    landmark has a name of its own (the page's topic tags were an unnamed one)."""
    page.goto(server + url)
    page.wait_for_selector("article[data-section-tools]", state="attached")
    names = accessible_names(page, ("heading", "DisclosureTriangle", "navigation"))
    article = site.article(url + "index.html")
    text = {h["id"]: " ".join(h.get_text().replace("¶", "").split()) for h in article.select("h2[id], h3[id]")}
    cited = [text[h2["id"]] for h2 in article.select("h2[id]") if h2.find_next_sibling("details", class_="cite-section")]
    assert len(cited) >= 5
    assert [name for role, name in names if role == "heading"][1:] == list(text.values())  # after the h1
    assert [name for role, name in names if role == "DisclosureTriangle"] == [f"Cite this section — {t}" for t in cited]
    landmarks = [name for role, name in names if role == "navigation"]
    assert "Topics of this page" in landmarks and all(landmarks) and len(set(landmarks)) == len(landmarks), landmarks
    # The summary shows "Cite this section" alone: the section's name is for assistive technology.
    assert page.locator("details.cite-section summary").first.inner_text().split("\n")[0] == "Cite this section"
    assert page.locator("details.cite-section summary .guide-visually-hidden").first.bounding_box()["width"] <= 1


@pytest.mark.parametrize("url", ["", "self-assessment/", "why-now/", "glossary/", "link-to-this-guide/"])
def test_every_heading_is_named_by_its_own_text(page, server, site, url):
    """Chromium's name of each heading, the page's title included, is its own text: not
    also its permalink "¶" (a screen reader announced "Why now? ¶") nor, where the page
    has section tools, their buttons (sl_guide.headings; pages with and without tools)."""
    open_ready(page, server + url)
    names = [name for _, name in accessible_names(page, ("heading",))]
    article = site.article(url + "index.html")
    text = [" ".join(h.get_text().replace("¶", "").split()) for h in article.select("h1, h2, h3, h4, h5, h6")]
    assert len(text) >= 2 and names == text


@pytest.mark.parametrize(("url", "tables"), [("why-now/", 2), ("knowledge-and-skills/", 1),
                                              ("leadership-approaches/", 1)])
def test_the_briefings_tables_are_named_by_caption_and_rows_by_first_cell(page, server, site, url, tables):
    """In Chromium's accessibility tree, each table is named by its caption ("Table 3: …",
    announced as a screen reader reaches the table, not after its cells), and the first
    cell of each body row is the row's header (a screen reader then names the row with
    each cell it reads: "Adaptive leadership", not only the column). The self-assessment's
    table, made into a form by its script, keeps plain cells."""
    page.goto(server + url)
    built = site.article(url + "index.html").select("table")
    assert len(built) == tables
    for number, table in enumerate(built):
        caption = " ".join(table.find_parent("figure").figcaption.get_text().split())
        assert caption.startswith(("Table ", "Knowledge")), caption
        expect(page.locator("article").get_by_role("table", name=caption, exact=True)).to_have_count(1)
        expected = [" ".join(row.find(["td", "th"]).get_text().split()) for row in table.select("tbody tr")]
        headers = page.locator("article table").nth(number).get_by_role("rowheader")
        assert [" ".join(h.inner_text().split()) for h in headers.all()] == expected
        assert page.locator("article table").nth(number).get_by_role("cell").count() == len(expected) * (
            len(table.select("thead th")) - 1)


def test_the_handouts_table_is_named(page, server):
    """Workshop materials' table of handouts is named by its caption, like the briefing's tables."""
    page.goto(server + "workshop-materials/")
    expect(page.locator("article").get_by_role("table", name="The workshop handouts (PDF)", exact=True)).to_have_count(1)


def test_self_assessment_by_keyboard(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_ready(page, server + "self-assessment/")
    radios = page.locator("article input[type=radio]")
    page.wait_for_selector("article input[type=radio]")
    assert radios.count() >= 5
    # Tab to the first radio group, choose with the arrow keys.
    _tab_until(page, lambda a: a["tag"] == "INPUT" and a["inArticle"])
    first_id = page.evaluate("document.activeElement.id")
    group = page.evaluate("document.activeElement.name")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    checked = page.evaluate(f"document.querySelector('input[name=\"{group}\"]:checked').value")
    assert checked in {"2", "3"} and page.evaluate("document.activeElement.name") == group, first_id
    # Tab moves on to the "Actions I will take" box of the same element; type into it.
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "TEXTAREA"
    label = page.evaluate("document.activeElement.labels[0].textContent")
    assert label.startswith("Actions I will take")
    page.keyboard.type("Meet the CCG lead")
    # The answers survive a reload (kept in this browser only).
    page.reload()
    page.wait_for_function(READY)
    page.wait_for_selector("article input[type=radio]")
    assert page.locator(f"input[name=\"{group}\"]:checked").get_attribute("value") == checked
    assert page.locator(f"#{active['id']}").input_value() == "Meet the CCG lead"
