"""Privacy (issue 6, item 4): no request ever leaves 127.0.0.1.

Every page is opened in Chromium with every request recorded — documents,
styles, scripts, the search worker and its index, fonts, images — while the
search is used and a citation preview is shown. Each request must go to the
local test server. A static check of the built HTML backs this up: no page
loads a resource (script, style, image, font, frame, media) from another host;
links to other sites are fine, they are only followed when clicked.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

#: Attributes through which a page loads something by itself.
RESOURCE_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "embed": ["src"], "object": ["data"], "video": ["src", "poster"], "audio": ["src"], "track": ["src"],
    "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                "manifest", "apple-touch-icon", "mask-icon"}


def _is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in {"http", "https", "ftp", "ws", "wss"}


def test_no_external_resources_in_html(site):
    offenders = []
    for path in sorted(site.root.rglob("*.html")):
        soup = site.soup(site.rel(path))
        for tag_name, attributes in RESOURCE_ATTRIBUTES.items():
            for tag in soup.find_all(tag_name):
                for attribute in attributes:
                    for value in (tag.get(attribute) or "").split(","):
                        if value.strip() and _is_external(value.split()[0]):
                            offenders.append(f"{site.rel(path)}: <{tag_name} {attribute}={value.strip()!r}>")
        for link in soup.find_all("link", href=True):
            if set(link.get("rel") or []) & LOADING_RELS and _is_external(link["href"]):
                offenders.append(f"{site.rel(path)}: <link rel={link.get('rel')} href={link['href']!r}>")
        for style in soup.find_all("style"):
            if "@import" in style.text or "url(http" in style.text:
                offenders.append(f"{site.rel(path)}: <style> loads from another host")
    assert not offenders, "pages load third-party resources:\n" + "\n".join(offenders)


def test_no_external_resources_in_css(site):
    """Stylesheets (Material's and ours) fetch no web fonts or images from elsewhere."""
    import re

    offenders = []
    for path in sorted(site.root.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])(?P<url>[^'\")\s]+)", text):
            if _is_external(match["url"]):
                offenders.append(f"{site.rel(path)}: {match['url']}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.browser
def test_every_request_stays_local(browser, server, site):
    host = urlsplit(server).netloc
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    context.on("request", lambda request: requests.append((current[0], request.url)))
    current = [""]
    page = context.new_page()
    try:
        for url in site.urls():
            current[0] = url
            page.goto(server + url, wait_until="networkidle")
            # Exercise what loads more: a citation preview and the search (worker + index).
            citation = page.locator("article a.citation").first
            if citation.count():
                citation.hover()
                page.wait_for_selector(".md-tooltip2--active")
        current[0] = "(search)"
        page.keyboard.press("/")
        page.keyboard.type("Wigan")
        page.wait_for_selector(".md-search-result__item", state="visible")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    urls = {u for _, u in requests}
    # The recording really saw the site's own resources, worker and search index included.
    assert any(u.endswith(".css") for u in urls) and any("/workers/search" in u for u in urls)
    assert any(u.endswith("search_index.json") for u in urls)
    outside = [f"/{where}: {u}" for where, u in requests
               if urlsplit(u).scheme not in {"data", "blob", "about"} and urlsplit(u).netloc != host]
    assert not outside, "requests left 127.0.0.1:\n" + "\n".join(sorted(set(outside)))
