"""Privacy (issue 6, item 4): no request ever leaves 127.0.0.1.

Every page is opened in Chromium with every request recorded — documents,
styles, scripts, the search worker and its index, fonts, images — while the
search is used and a citation preview is shown (the light 1280 px crawl of
tests/conftest.py, shared with the axe and no-JS tests); the phone and no-JS
crawls are recorded too. Each request must go to the local test server. A static check of the built HTML backs this up: no page
loads a resource (script, style, image, font, frame, media) from another host;
links to other sites are fine, they are only followed when clicked.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

#: The crawls of tests/conftest.py this module reads (made together, concurrently).
CRAWLS = ["light-1280", "dark-390", "nojs-1280"]

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
    offenders = []
    for path in sorted(site.root.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])(?P<url>[^'\")\s]+)", text):
            if _is_external(match["url"]):
                offenders.append(f"{site.rel(path)}: {match['url']}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.browser
@pytest.mark.parametrize("name", CRAWLS)
def test_every_request_stays_local(crawl, server, site, name):
    """Every request of the crawl went to the test server: in light 1280 px that is
    every page, with a citation preview shown on each page that has one and the
    search (worker and index) used at the end; the phone crawl and the no-JS crawl
    (which loads what a page loads without scripts) add their own requests."""
    result = crawl(name)
    host = urlsplit(server).netloc
    urls = {u for _, u in result.requests}
    assert set(site.urls()) <= set(result.visits) or name == "dark-390"
    # The recording really saw the site's own resources, worker and search index included.
    assert any(u.endswith(".css") for u in urls)
    if name == "light-1280":
        assert result.searched
        assert any("/workers/search" in u for u in urls) and any(u.endswith("search_index.json") for u in urls)
    outside = [f"/{where}: {u}" for where, u in result.requests
               if urlsplit(u).scheme not in {"data", "blob", "about"} and urlsplit(u).netloc != host]
    assert not outside, "requests left 127.0.0.1:\n" + "\n".join(sorted(set(outside)))
