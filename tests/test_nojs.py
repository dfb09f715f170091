"""Without JavaScript (issue 6, item 6): every page stays readable.

Chromium with JavaScript disabled opens every page: the article is visible
and holds the page's text, every table is shown, every citation link is
visible and leads to a reference entry that is visible on its page.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_javascript_really_off(nojs_page, server):
    nojs_page.goto(server)
    assert nojs_page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works…
    # …but the page's scripts did not run: Material swaps "no-js" for "js" on <html>.
    assert "no-js" in (nojs_page.get_attribute("html", "class") or "")


def test_every_page_readable_without_javascript(nojs_page, server, site):
    problems = []
    citations_seen = tables_seen = 0
    for url in site.urls():
        rel = url + "index.html"
        article = site.article(rel)
        nojs_page.goto(server + url)
        shown = nojs_page.locator("article.md-content__inner")
        if not shown.is_visible():
            problems.append(f"/{url}: article not visible")
            continue
        text = " ".join(shown.inner_text().split())
        expected = " ".join(article.find("h1").get_text(" ").replace("¶", "").split())
        if expected not in text or len(text) < 200:
            problems.append(f"/{url}: article text missing (heading {expected!r}, {len(text)} chars)")
        tables = shown.locator("table")
        if tables.count() != len(article.find_all("table")):
            problems.append(f"/{url}: {tables.count()} tables shown, {len(article.find_all('table'))} in the HTML")
        for i in range(tables.count()):
            tables_seen += 1
            if not tables.nth(i).is_visible() or not tables.nth(i).inner_text().strip():
                problems.append(f"/{url}: table {i + 1} not visible")
        citations = shown.locator("a.citation")
        for i in range(citations.count()):
            citations_seen += 1
            link = citations.nth(i)
            if not link.is_visible():
                problems.append(f"/{url}: citation {link.inner_text()!r} not visible")
        # Each cited reference is listed, visibly, on this page.
        for anchor in sorted({a["href"].split("#", 1)[1] for a in article.select("a.citation") if "#" in a["href"]}):
            entry = nojs_page.locator(f"[id='{anchor}']")
            if entry.count() != 1 or not entry.is_visible() or len(entry.inner_text().strip()) < 20:
                problems.append(f"/{url}: reference #{anchor} not shown")
    assert not problems, "\n".join(problems)
    assert citations_seen > 50 and tables_seen >= 3
