"""Without JavaScript (issue 6, item 6): every page stays readable.

Chromium with JavaScript disabled opens every page (the no-JS crawl of
tests/conftest.py, read once per page): the article is visible and holds the
page's text, every table is shown, every citation link is visible and leads to a
reference entry that is visible on its page.
"""

from __future__ import annotations

import pytest

from sl_guide.toolkit import pages

pytestmark = pytest.mark.browser

#: The crawl of tests/conftest.py this module reads.
CRAWLS = ["nojs-1280"]


def test_javascript_really_off(nojs_page, server):
    nojs_page.goto(server)
    assert nojs_page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works…
    # …but the page's scripts did not run: Material swaps "no-js" for "js" on <html>.
    assert "no-js" in (nojs_page.get_attribute("html", "class") or "")


def test_every_page_readable_without_javascript(crawl, site):
    result = crawl("nojs-1280")
    problems = []
    citations_seen = tables_seen = 0
    for page in pages():
        url, article = page.url, site.article(page.dest_uri)
        shown = result.visits[url].nojs
        if not shown or not shown["visible"]:
            problems.append(f"/{url}: article not visible")
            continue
        text = " ".join(shown["text"].split())
        expected = " ".join(article.find("h1").get_text(" ").replace("¶", "").split())
        if expected not in text or len(text) < 200:
            problems.append(f"/{url}: article text missing (heading {expected!r}, {len(text)} chars)")
        if len(shown["tables"]) != len(article.find_all("table")):
            problems.append(f"/{url}: {len(shown['tables'])} tables shown, {len(article.find_all('table'))} in the HTML")
        for i, table in enumerate(shown["tables"], start=1):
            tables_seen += 1
            if not table["visible"] or not table["text"]:
                problems.append(f"/{url}: table {i} not visible")
        for citation in shown["citations"]:
            citations_seen += 1
            if not citation["visible"]:
                problems.append(f"/{url}: citation {citation['text']!r} not visible")
        # Each cited reference is listed, visibly, on this page.
        cited = sorted({a["href"].split("#", 1)[1] for a in article.select("a.citation") if "#" in a["href"]})
        assert sorted(shown["references"]) == cited, url
        for anchor, entry in shown["references"].items():
            if entry["count"] != 1 or not entry["visible"] or len(entry["text"]) < 20:
                problems.append(f"/{url}: reference #{anchor} not shown")
    assert not problems, "\n".join(problems)
    assert citations_seen > 50 and tables_seen >= 3
