"""The home page orients (issue 13, item 4): title, author, publisher and date, one line
on the online edition, Material grid cards for the main routes described in the
briefing's own words, the full contents below, and no tag chip."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sl_guide.toolkit import ROOT, load_config, open_for_instant_navigation, open_ready, wait_for_instant_navigation

SOURCE = ROOT / "tests" / "data" / "systems-leadership-briefing.txt"
#: Card title link -> its target page.
ROUTES = {
    "What is systems leadership?": "what-is-systems-leadership/",
    "What does systems leadership involve?": "involves/",
    "Examples of system leadership": "examples/",
    "What are the debates regarding systems leadership?": "debates/",
    "Self-assessment": "self-assessment/",
    "Workshop materials": "workshop-materials/",
}


def _words(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    return " ".join(text.split()).casefold()


@pytest.fixture(scope="module")
def home(site):
    return site.article("index.html")


def test_title_author_publisher_date(home):
    guide = load_config().extra["guide"]
    assert home.find("h1").find(string=True, recursive=False).strip() == guide["title"]
    byline = home.select_one("p.guide-byline").get_text()
    for part in (guide["author"], guide["publisher"], guide["published"]):
        assert part in byline
    first = home.select_one("p.guide-byline").find_next_sibling("p").get_text()
    assert first.startswith("This is the online edition of the Research in Practice briefing")
    # Where to start, on the first screen: the briefing's own first section.
    start = home.select_one("p.guide-byline").find_next_sibling("p").find("a", string="Key points")
    assert start is not None and start["href"] == "key-points/"
    assert f"briefing {guide['title']} by {guide['author']} ({guide['published']})" in first  # as extra: spells them
    assert guide["title"] in home.find_parent("html").select_one('meta[name="description"]')["content"]


def test_cards_for_the_main_routes(home):
    grid = home.select_one("div.grid.cards")
    assert grid is not None, "no Material grid cards"
    cards = grid.select(":scope > ul > li")
    titles = {card.find("strong").get_text(strip=True): card.find("strong").find("a")["href"] for card in cards}
    assert list(titles) == list(ROUTES)
    for title, href in titles.items():
        assert href.rstrip("/") + "/" == ROUTES[title], title
    involves = next(card for card in cards if card.find("strong").get_text(strip=True).endswith("involve?"))
    linked = {a["href"] for a in involves.find_all("a")}
    assert {"six-dimensions/", "knowledge-and-skills/", "toronto-skills/", "leadership-approaches/"} <= linked


def test_cards_speak_in_the_briefings_words(home):
    """Each card's description is made of the briefing's sentences (the workshop
    card excepted: the handouts are this edition's, and it says so)."""
    source = _words(SOURCE.read_text(encoding="utf-8"))
    for card in home.select("div.grid.cards > ul > li"):
        title = card.find("strong").get_text(strip=True)
        paragraphs = [p for p in card.find_all("p") if not p.find("strong") and not p.find("hr")]
        text = " ".join(p.get_text(" ") for p in paragraphs)
        if title == "Workshop materials":
            assert "added by this online edition" in text
            continue
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if s]
        assert sentences, title
        for sentence in sentences:
            # Link texts of a card name pages ("The Wigan Deal:"); the rest is quoted.
            for part in re.split(r"\s*(?:·|:\s)\s*", sentence):
                part = part.strip(" .?!")
                if len(part.split()) >= 4:
                    assert _words(part) in source, (title, part)


def test_contents_stay_below_and_no_tag_chip(site, home):
    contents = home.find("h2", id="contents")
    assert contents is not None
    assert contents.find_previous("div", class_="grid") is not None
    assert len(contents.find_next_sibling("ul").find_all("a")) >= 20
    assert not site.soup("index.html").select("nav.md-tags, .md-tag")


def test_home_loads_no_guide_script(site):
    """Cards are Material's CSS grid: the home page names no script of the guide."""
    soup = site.soup("index.html")
    assert not soup.select("#guide-scripts")
    assert [s["src"] for s in soup.find_all("script", src=True)] == [
        s["src"] for s in soup.find_all("script", src=True) if "assets/javascripts/bundle." in s["src"]]


@pytest.mark.browser
def test_cards_form_a_grid_on_a_laptop_and_stack_on_a_phone(pages, server):
    for width, columns in ((1280, 2), (390, 1)):
        page = pages(viewport={"width": width, "height": 900})
        open_ready(page, server)
        lefts = page.evaluate(
            "[...document.querySelectorAll('.grid.cards > ul > li')].map(li => Math.round(li.getBoundingClientRect().left))")
        overflow = page.evaluate("document.documentElement.scrollWidth > innerWidth")
        assert len(lefts) == len(ROUTES)
        assert len(set(lefts)) == columns, (width, lefts)
        assert not overflow, width


@pytest.mark.browser
def test_page_scripts_load_after_instant_navigation_from_home(browser, server):
    """The home page loads no script of the guide; reached by Material's instant
    navigation, a content page gets its copy-link buttons and the self-assessment its
    form and stylesheet, each script run once however often a page is visited."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, requested = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1])
            if "/assets/js/" in request.url else None)
    scripts = "[...document.scripts].map(s => s.src).filter(s => s.includes('/assets/js/'))"

    def follow(path: str) -> None:
        """Click a link to ``path`` (a site URL) in the page or its navigation."""
        page.evaluate("""(path) => [...document.querySelectorAll('.md-content a[href], .md-nav a[href]')]
            .find((a) => new URL(a.href).pathname === new URL(path, document.baseURI).pathname).click()""",
                      "/" + path)
        wait_for_instant_navigation(page, server + path)
        page.wait_for_load_state("networkidle")

    try:
        open_for_instant_navigation(page, server)
        assert page.evaluate(scripts) == []
        follow("six-dimensions/")
        page.locator("h2 button.copy-link").first.wait_for()
        buttons = page.locator("h2 button.copy-link").count()
        assert buttons == page.locator(".md-content h2[id]").count()
        follow("self-assessment/")
        page.locator("#self-assessment-table input[type=radio]").first.wait_for()
        radios = page.locator("#self-assessment-table input[type=radio]").count()
        # self-assessment.css (inlined on that page only) draws each choice as a 44 px target.
        assert page.evaluate("getComputedStyle(document.querySelector('.sa-choice')).minHeight") == "44px"
        follow("six-dimensions/")
        page.locator("h2 button.copy-link").first.wait_for()
        assert page.locator("h2 button.copy-link").count() == buttons
        # ... and leaves with it (Material's instant navigation swaps <head>).
        assert not page.evaluate("[...document.querySelectorAll('style')].some(s => s.textContent.includes('.sa-choice'))")
        follow("self-assessment/")
        page.locator("#self-assessment-table input[type=radio]").first.wait_for()
        assert page.locator("#self-assessment-table input[type=radio]").count() == radios
        # A page looks as it does on a full load, however it was reached: section-tools.js,
        # loaded by an earlier page, leaves alone the pages that do not name it.
        assert page.locator("article .section-tools").count() == 0, "heading tools on the worksheet"
        follow("tags/")
        expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile("^Tags"))
        assert page.locator("article .section-tools").count() == 0, "heading tools on the tags page"
        # Each script is fetched once, when the first page that names it is reached (no
        # page asks for it in <head>), and runs once: no button or radio is added twice.
        assert sorted(requested) == ["section-tools.js", "self-assessment.js"], requested
        assert not errors, errors
    finally:
        context.close()
