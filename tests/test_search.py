"""Search finds the briefing's terms (issue 13, item 6), typed into Material's own
search box in Chromium, as a reader would.

mkdocs.yml sets ``plugins.search.separator`` so that straight and curly quotes,
brackets, slashes and dashes split words: a term the briefing puts in quotes
('wicked issues', ‘The Wigan Deal’, ‘named individual’) is then indexed as its
words and found in the section that introduces it.
"""

from __future__ import annotations

import re

import pytest

from sl_guide.toolkit import SEARCH_SETTLED, load_config, open_ready

#: Query, and the section that introduces the term (page URL and fragment).
QUERIES = [
    ("wicked", "what-is-systems-leadership/#the-challenge"),
    ("wicked issues", "what-is-systems-leadership/#the-challenge"),
    ("'wicked issues'", "what-is-systems-leadership/#the-challenge"),
    ("The Wigan Deal", "examples/wigan/"),
    ("‘The Wigan Deal’", "examples/wigan/"),
    ("named individual", "why-now/#governance-arrangements"),
    ("geographic footprint", "why-now/#governance-arrangements"),
    ("one stop", "why-now/#governance-arrangements"),
    ("safe space", "toronto-skills/#taking-the-perspective-of-others"),
    ("micro", "examples/thurrock/"),  # ‘micro-system leaders’ ("system" alone matches most sections)
    ("savvy", "knowledge-and-skills/"),
    ("hero", "debates/#debate-3-heroes"),
    ("fearless", "debates/#debate-3-heroes"),
    ("boundary spanning", "leadership-approaches/"),
]
#: "Among the first results": the first results of the list, one per page.
FIRST = 3


def test_separator_splits_quotes_brackets_and_slashes():
    separator = re.compile(load_config()["plugins"]["material/search"].config["separator"])
    text = "These are sometimes called 'wicked issues' (Rittel & Webber, 1973) and ‘The Wigan Deal’ [2019] a/b “x” 2–3"
    words = [w for w in separator.split(text) if w]
    assert words == ["These", "are", "sometimes", "called", "wicked", "issues", "Rittel", "&", "Webber", "1973",
                     "and", "The", "Wigan", "Deal", "2019", "a", "b", "x", "2", "3"]
    assert separator.split("3.5 per cent") == ["3.5", "per", "cent"]


@pytest.fixture(scope="module")
def search_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_ready(page, server)
    yield page
    context.close()


def _results(page, server: str, query: str) -> list[list[str]]:
    """The result list for ``query``: for each result (one per page), its links as
    site-relative URLs, the best match first."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.evaluate("() => { window.__results = undefined; }")  # SEARCH_SETTLED starts afresh for this query
    box.type(query, delay=10)
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0"
        " || /No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15000,
    )
    page.wait_for_function(SEARCH_SETTLED, polling=100)  # the last letter's answer is drawn
    return page.evaluate(
        """(base) => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')].map(
             (item) => [...item.querySelectorAll('a.md-search-result__link')].map((a) => {
               const url = new URL(a.href);  // without the ?h= highlight parameter
               return (url.pathname + url.hash).slice(new URL(base).pathname.length);
             }))""",
        server,
    )


@pytest.mark.browser
@pytest.mark.parametrize("query, section", QUERIES)
def test_query_finds_the_section_that_introduces_it(search_page, server, query, section):
    results = _results(search_page, server, query)
    assert results, f"{query!r}: no results"
    first = [links[0] for links in results[:FIRST]]
    assert section in first or any(section in links for links in results[:FIRST]), (query, results[:FIRST])
