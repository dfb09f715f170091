"""Offline edition (issue 6, item 5): ``make offline`` builds a zip that works from file://.

The test runs the real command into a temporary folder (a build test: it makes
its own build once), unzips the archive and opens ``site/index.html`` from a
``file://`` URL in Chromium with the network cut off: pages link to each other
as files, navigation works, and search finds and opens a page. Nothing is
requested from any host.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sl_guide.toolkit import SEARCH_SETTLED


@pytest.mark.slow
def test_offline_files(offline_site):
    html = (offline_site / "index.html").read_text(encoding="utf-8")
    assert 'href="key-points/index.html"' in html or 'href="key-points.html"' in html
    assert (offline_site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    # The web-worker shim is local (src/sl_guide/hooks/offline.py), not from unpkg.com.
    assert "unpkg.com" not in html and "assets/javascripts/iframe-worker-shim.js" in html
    assert (offline_site / "assets" / "javascripts" / "iframe-worker-shim.js").stat().st_size > 300


@pytest.mark.slow
def test_the_offline_copy_gives_the_online_addresses(offline_site, site):
    """What a reader copies, cites or prints from the offline copy is the online address:
    each page's canonical link, its "Cite this section" references and the "Link to this
    guide" list equal the online build's (the offline pages themselves end in .html)."""
    from bs4 import BeautifulSoup

    def read(root, path):
        return BeautifulSoup((root / path).read_text(encoding="utf-8"), "lxml")

    compared = 0
    for page in site.pages():
        rel = site.rel(page)
        offline = "index.html" if rel == "index.html" else rel.removesuffix("/index.html") + ".html"
        if rel == "404.html" or not (offline_site / offline).is_file():
            continue
        online, copy = site.soup(rel), read(offline_site, offline)
        assert copy.select_one('link[rel="canonical"]')["href"] == online.select_one('link[rel="canonical"]')["href"]
        assert ([d.get_text() for d in copy.select("details.cite-section")]
                == [d.get_text() for d in online.select("details.cite-section")]), offline
        compared += 1
    assert compared >= 20
    addresses = [c.get_text() for c in read(offline_site, "link-to-this-guide.html").select("code.deep-link__address")]
    assert addresses == [c.get_text() for c in site.soup("link-to-this-guide/index.html").select("code.deep-link__address")]
    assert not [a for a in addresses if ".html" in a]


@pytest.mark.browser
@pytest.mark.slow
def test_navigation_and_search_from_file_url(browser, offline_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((offline_site / "index.html").as_uri(), wait_until="load")
        assert page.locator("article h1").inner_text().startswith("Systems leadership")
        # Navigation: the sidebar link opens the page file.
        page.locator(".md-nav--primary a.md-nav__link", has_text="Key points").first.click()
        page.wait_for_url("**/key-points*.html")
        assert page.locator("article h1").inner_text().startswith("Key points")
        # The page's own script (named in <head>, fetched by guide.js from the site's
        # root) is found from file:// too: its heading tools are there.
        page.wait_for_selector("article h2 .section-tools", timeout=10000)
        # Search: keyboard, results from the inlined index, Enter opens the page.
        page.keyboard.press("/")
        page.keyboard.type("Wigan")
        page.wait_for_selector(".md-search-result__item a[href*='wigan']", state="visible", timeout=15000)
        page.wait_for_function(SEARCH_SETTLED, polling=100)  # the last letter's answer is drawn
        page.keyboard.press("ArrowDown")
        page.wait_for_function("(document.activeElement.href || '').includes('wigan')")
        page.keyboard.press("Enter")
        page.wait_for_url("**/wigan*.html*")
        assert page.locator("article h1").inner_text().startswith("Wigan Deal")
        page.wait_for_selector("article h2 .section-tools", timeout=10000)  # a page one folder down
        # A citation still leads to the page's References.
        page.locator("article a.citation").first.click()
        assert page.evaluate("location.hash").startswith("#ref-")
    finally:
        context.close()
    assert not errors, errors
    outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not outside, f"the offline edition requested: {outside}"


@pytest.mark.browser
@pytest.mark.slow
def test_self_assessment_works_from_file_url(browser, offline_site):
    """A workshop without a network: the worksheet opened from the unzipped edition is
    the form (self-assessment.js ran), and an answer is still there after a reload.
    Until 2026-11-28 it stayed the briefing's static table there: Material's instant
    navigation, on in the offline build, ended its document$ before the first page
    was announced, so no script of the guide ran from file://."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    four = "article input[type=radio][value='4']"  # the first element's rating 4
    try:
        page.goto((offline_site / "self-assessment.html").as_uri(), wait_until="load")
        page.locator(four).first.wait_for(state="attached", timeout=10000)
        page.locator("article label.sa-choice").filter(has=page.locator("input[value='4']")).first.tap()
        assert page.locator(four).first.is_checked()
        page.reload(wait_until="load")
        page.locator(four).first.wait_for(state="attached", timeout=10000)
        page.wait_for_function("(four) => document.querySelector(four).checked", arg=four)
    finally:
        context.close()
    assert not errors, errors


def test_offline_hook_needs_the_shim(tmp_path):
    from sl_guide.hooks import offline

    plugin = SimpleNamespace(config=SimpleNamespace(enabled=True))
    features = ["navigation.instant", "navigation.instant.progress", "navigation.sections", "content.tooltips"]
    config = SimpleNamespace(plugins={"material/offline": plugin}, config_file_path=str(tmp_path / "mkdocs.yml"),
                             extra={"polyfills": ["https://unpkg.com/iframe-worker/shim"]},
                             theme={"features": list(features)})
    assert offline.on_config(config).extra["polyfills"] == ["assets/javascripts/iframe-worker-shim.js"]
    # Material's documentation: no instant navigation in a build for offline use.
    assert config.theme["features"] == ["navigation.sections", "content.tooltips"]
    with pytest.raises(PluginError, match=r"node_modules/iframe-worker/shim/index\.js not found"):
        offline.on_files([], config)
    plugin.config.enabled = False
    config.extra["polyfills"] = ["https://unpkg.com/iframe-worker/shim"]
    config.theme["features"] = list(features)
    assert offline.on_config(config).extra["polyfills"] == ["https://unpkg.com/iframe-worker/shim"]
    assert config.theme["features"] == features
