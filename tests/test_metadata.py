"""Page metadata (issue 6, item 8): description, canonical URL, Open Graph, sitemap.

Material writes the meta description (from front matter) and the canonical
link; src/sl_guide/hooks/meta.py requires a description on every page and adds the
Open Graph properties; MkDocs writes sitemap.xml.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import ROOT


def _site_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r'^site_url:\s*!ENV\s*\[SITE_URL,\s*"([^"]+)"\]', text, re.MULTILINE)
    return match.group(1)


def _front_matter(rel_html: str) -> dict:
    src = rel_html[: -len("index.html")].rstrip("/") or "index"
    path = ROOT / "docs" / f"{src}.md"
    if not path.is_file():
        path = ROOT / "docs" / src / "index.md"
    match = re.match(r"\A---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.DOTALL)
    return yaml.safe_load(match.group(1)) if match else {}


def _meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_every_page_has_its_own_metadata(site):
    base = _site_url()
    descriptions = {}
    for path in site.pages():
        rel = site.rel(path)
        soup = site.soup(rel)
        expected = " ".join(str(_front_matter(rel)["description"]).split())
        description = _meta(soup, name="description")
        assert description == expected, rel
        descriptions.setdefault(description, []).append(rel)
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == base + rel[: -len("index.html")], rel
        assert _meta(soup, property="og:url") == canonical, rel
        assert _meta(soup, property="og:description") == expected, rel
        title = _meta(soup, property="og:title")
        assert title and title.endswith("Systems leadership – enhancing the role of social care"), rel
        assert _meta(soup, property="og:type") in {"website", "article"}
        assert len(soup.find_all("meta", attrs={"name": "description"})) == 1, rel
    duplicates = {d: pages for d, pages in descriptions.items() if len(pages) > 1}
    assert not duplicates, f"pages sharing one description: {duplicates}"
    # Titles differ per page too.
    titles = [site.soup(site.rel(p)).find("meta", property="og:title")["content"] for p in site.pages()]
    assert len(set(titles)) == len(titles)


def test_sitemap_lists_every_page(site):
    tree = ElementTree.parse(site.root / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    canonical = {site.soup(site.rel(p)).find("link", rel="canonical")["href"] for p in site.pages()}
    assert canonical <= listed, sorted(canonical - listed)


def _page(src_uri: str, meta: dict, homepage: bool = False):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta=meta, title="Key points",
                           is_homepage=homepage, canonical_url="https://example.org/key-points/")


@pytest.mark.parametrize("meta", [{}, {"description": "  "}, {"description": None}])
def test_missing_description_stops_the_build(meta):
    from sl_guide.hooks import meta as hook

    with pytest.raises(PluginError, match=r"docs/key-points\.md: front matter 'description:' is missing or empty"):
        hook.on_page_markdown("# Key points", _page("key-points.md", meta), None, None)


def test_open_graph_values():
    from sl_guide.hooks import meta as hook

    config = SimpleNamespace(site_name="Guide", theme={"language": "en"})
    properties = dict(hook.open_graph(_page("key-points.md", {"description": "About\n  this."}), config))
    assert properties == {
        "og:type": "article", "og:site_name": "Guide", "og:title": "Key points – Guide",
        "og:description": "About this.", "og:url": "https://example.org/key-points/", "og:locale": "en_GB",
    }
    home = dict(hook.open_graph(_page("index.md", {"description": "x"}, homepage=True), config))
    assert home["og:title"] == "Guide" and home["og:type"] == "website"
