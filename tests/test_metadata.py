"""Page metadata and the guide's repeated text (issues 6 and 13).

* Each page has its own description, canonical URL and Open Graph properties
  (computed by overrides/main.html; src/sl_guide/hooks/meta.py only requires the
  description); sitemap.xml lists every page, not the print view (noindex).
* The attribution, the rights line and the site address are typed once, in
  mkdocs.yml ``extra.guide``: the footer of every page, the print footer, the
  scripts' ``guide-data``, the About page, the README and CITATION.cff agree with it.
"""

from __future__ import annotations

import json
import re
import socket
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
import yaml
from mkdocs.exceptions import PluginError

from sl_guide.toolkit import ROOT, StaticServer, front_matter, load_config, pages


@pytest.fixture(scope="module")
def config():
    return load_config()


@pytest.fixture(scope="module")
def guide(config):
    return config.extra["guide"]


def _meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_every_page_has_its_own_metadata(site, config):
    base = config.site_url
    descriptions = {}
    titles = set()
    for page in pages():
        soup = site.soup(page.dest_uri)
        expected = " ".join(str(front_matter(ROOT / "docs" / page.src_uri)["description"]).split())
        assert _meta(soup, name="description") == expected, page.src_uri
        assert len(soup.find_all("meta", attrs={"name": "description"})) == 1, page.src_uri
        descriptions.setdefault(expected, []).append(page.src_uri)
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == base + page.url, page.src_uri
        h1 = site.article(page.dest_uri).find("h1")
        heading = " ".join(h1.find(string=True, recursive=False).split()) if h1 else None
        home = page.src_uri == "index.md"
        # Open Graph, against values worked out here from the page and mkdocs.yml.
        assert _meta(soup, property="og:url") == canonical, page.src_uri
        assert _meta(soup, property="og:description") == expected, page.src_uri
        assert _meta(soup, property="og:site_name") == config.site_name
        assert _meta(soup, property="og:type") == ("website" if home else "article"), page.src_uri
        assert _meta(soup, property="og:locale") == "en_GB"
        assert soup.html["lang"] == "en-GB", page.src_uri  # British English, as the briefing
        title = _meta(soup, property="og:title")
        assert title.endswith(config.site_name), page.src_uri
        if home:
            assert title == config.site_name
        else:
            # The page's title: its nav title, or its heading where it has none.
            nav_title = soup.select_one("title").get_text().split(" - ")[0].strip()
            assert title == f"{nav_title} – {config.site_name}", page.src_uri
            assert heading, page.src_uri
        titles.add(title)
    duplicates = {d: srcs for d, srcs in descriptions.items() if len(srcs) > 1}
    assert not duplicates, f"pages sharing one description: {duplicates}"
    assert len(titles) == len(pages())


def test_the_404_page_says_what_it_is_and_where_to_go(site, config):
    """The page a dead link reaches is titled as such (Material titled it after the home
    page, which a screen reader reads first) and links to the home page and to the list of
    every stable address, by absolute paths (it is served for any path)."""
    soup = site.soup("404.html")
    assert soup.title.get_text() == f"Page not found - {config.site_name}"
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select("article a[href]")}
    assert links == {"home page": "/.", "Link to this guide": "/link-to-this-guide/"}
    assert (site.root / "link-to-this-guide" / "index.html").is_file()


def test_sitemap_lists_every_page_and_not_the_print_view(site):
    tree = ElementTree.parse(site.root / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    canonical = {site.soup(p.dest_uri).find("link", rel="canonical")["href"] for p in pages()}
    assert canonical <= listed, sorted(canonical - listed)
    # …and nothing else: not the whole-guide print view, which repeats every page and asks
    # search engines not to index it (a sitemap listing a noindex page contradicts itself).
    assert listed == canonical, sorted(listed - canonical)
    robots = site.soup("print_page/index.html").find("meta", attrs={"name": "robots"})
    assert robots is not None and "noindex" in robots["content"]
    assert all(site.soup(p.dest_uri).find("meta", attrs={"name": "robots"}) is None for p in pages())


def _page(src_uri: str, meta: dict):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta=meta)


@pytest.mark.parametrize("meta", [{}, {"description": "  "}, {"description": None}])
def test_missing_description_stops_the_build(meta):
    from sl_guide.hooks import meta as hook

    with pytest.raises(PluginError, match=r"docs/key-points\.md: front matter 'description:' is missing or empty"):
        hook.on_page_markdown("# Key points", _page("key-points.md", meta), None, None)


def test_missing_inlined_asset_is_named():
    from sl_guide.hooks import meta as hook

    files = SimpleNamespace(get_file_from_path=lambda path: None)
    with pytest.raises(PluginError, match=r"asset_text\('assets/css/x\.css'\): docs/assets/css/x\.css does not exist"):
        hook.asset_reader(files)("assets/css/x.css")


def test_inlined_css_is_compacted_without_changing_a_rule():
    from sl_guide.hooks.meta import compact_css

    source = 'a::after { content: "/* kept */"; }  /* dropped */\n\n  b  >  i { color: red !important; }'
    assert compact_css(source) == 'a::after { content: "/* kept */"; } b > i { color: red !important; }'


def test_a_script_that_is_not_es5_stops_the_build_naming_it():
    from sl_guide.hooks.meta import compact_js

    assert compact_js("var answer = 42; // kept short\nfunction f(long) { return long; }") == (
        "var answer=42;function f(a){return a;}")
    with pytest.raises(PluginError, match=r"docs/assets/js/x\.js: not ES5.*at 1:7.*line:column"):
        compact_js("const f = () => 1;", "docs/assets/js/x.js")


def test_a_compacted_text_is_read_back_only_for_the_same_input(tmp_path):
    """meta.cached: the first build minifies and keeps the result; a build with the same
    script reads it; another input, or a failure, is never taken from the cache."""
    from sl_guide.hooks.meta import cached, compact_js

    made = []

    def make(text):
        made.append(text)
        return compact_js(text, "docs/assets/js/x.js")

    assert cached(tmp_path, "var a = 1;", make) == "var a=1;" and made == ["var a = 1;"]
    assert cached(tmp_path, "var a = 1;", make) == "var a=1;" and made == ["var a = 1;"]  # read back
    assert cached(tmp_path, "var a = 2;", make) == "var a=2;" and len(made) == 2
    for _ in range(2):
        with pytest.raises(PluginError, match=r"x\.js: not ES5"):
            cached(tmp_path, "const a = 3;", make)
    assert len(made) == 4 and len(list(tmp_path.iterdir())) == 2
    unwritable = tmp_path / "a-file"
    unwritable.write_text("")
    assert cached(unwritable, "var a = 1;", make) == "var a=1;"  # no cache: the same result


def _cssom(page, source: str) -> list[str]:
    """The browser's rules of a stylesheet's text."""
    return page.evaluate(
        "(source) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(source);"
        " return [...sheet.cssRules].map((rule) => rule.cssText); }",
        source,
    )


def test_inlined_styles_are_the_stylesheets_rules(site, server, page):
    """The <style> of a page holds guide.css and section-tools.css without comments: the
    browser's CSSOM of it equals the CSSOM of the two files as written, rule for rule."""
    html = (site.root / "glossary" / "index.html").read_text(encoding="utf-8")
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "/*" not in style
    source = "\n".join((ROOT / "docs" / "assets" / "css" / name).read_text(encoding="utf-8")
                       for name in ("guide.css", "section-tools.css"))
    assert len(style) < 0.7 * len(source)
    page.goto(server + "glossary/")
    inlined = page.evaluate(
        "[...[...document.styleSheets].find((s) => s.ownerNode && s.ownerNode.matches('head > style')).cssRules]"
        ".map((rule) => rule.cssText)"
    )
    written = _cssom(page, source)
    assert len(written) > 40
    assert inlined == written


#: Stylesheets of one kind of page: (file, what the page holds, a rule only that file has).
PAGE_STYLES = [
    ("concept-map.css", "article .concept-map svg", ".cm-node"),
    ("link-list.css", "article code.deep-link__address", "code.deep-link__address"),
    ("print-view.css", "article .print-cover", ".print-cover__qr"),
]


@pytest.mark.parametrize("name, holds, rule", PAGE_STYLES, ids=[style[0] for style in PAGE_STYLES])
def test_rules_of_one_kind_of_page_are_inlined_only_there(site, name, holds, rule):
    """Each is a <style> of the pages that hold what it styles, and of no other page
    (every other page's first visit is that much lighter)."""
    pages_with_it = []
    for path in [*site.pages(), site.root / "print_page" / "index.html"]:
        soup = site.soup(site.rel(path))
        held = soup.select_one(holds) is not None
        inlined = any(rule in style.get_text() for style in soup.select("head > style:not([media])"))
        assert inlined == held, site.rel(path)
        pages_with_it += [site.rel(path)] * held
    assert pages_with_it, f"no page holds {holds}"
    assert (site.root / "assets" / "css" / name).is_file()


def test_published_assets_are_compacted_with_the_same_rules(site, page):
    """Every stylesheet of docs/assets/css/ is published without comments and with the same
    CSSOM as written; every script of docs/assets/js/ is published minified (its behaviour
    is tested where it is used: test_section_tools.py, test_self_assessment.py)."""
    page.goto("about:blank")
    folders = {"css": sorted((ROOT / "docs" / "assets" / "css").glob("*.css")),
               "js": sorted((ROOT / "docs" / "assets" / "js").glob("*.js"))}
    assert folders["css"] and folders["js"]
    for kind, sources in folders.items():
        for source in sources:
            written = source.read_text(encoding="utf-8")
            published = (site.root / "assets" / kind / source.name).read_text(encoding="utf-8")
            assert "/*" not in published and len(published) < 0.8 * len(written), source.name
            if kind == "css":
                assert _cssom(page, published) == _cssom(page, written), source.name


#: The first round trip of a new connection: TCP's initial window of 10 segments of
#: 1460 bytes (RFC 6928), which Lighthouse's simulated slow connection uses too. A page
#: whose first response is larger waits a round trip more before it can paint.
FIRST_ROUND_TRIP = 10 * 1460


def test_every_page_arrives_in_the_first_round_trip(site):
    """Each page's first response (served gzip-compressed, as the benchmark serves it,
    headers included) fits in the first round trip: the inlined styles and scripts
    cost no round trip of their own (README "Performance")."""
    sizes = {}
    with StaticServer(site.root, gzip=True) as server:
        host, port = server.httpd.server_address[:2]
        for path in site.urls():
            with socket.create_connection((host, port)) as connection:
                connection.sendall(f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n"
                                   "Connection: close\r\n\r\n".encode())
                response = b"".join(iter(lambda c=connection: c.recv(65536), b""))
            assert response.startswith(b"HTTP/1.0 200") and b"Content-Encoding: gzip" in response, path
            sizes["/" + path] = len(response)
    over = {path: size for path, size in sizes.items() if size > FIRST_ROUND_TRIP}
    assert not over, f"first responses over {FIRST_ROUND_TRIP} bytes: {over}"


# --- One source for the attribution --------------------------------------------------


def _text(element) -> str:
    return " ".join(element.get_text(" ").split()).replace(" .", ".")


def test_footer_is_written_from_extra_guide(site, guide):
    expected = f"{guide['attribution']} © {guide['publisher']}, {guide['published']}. {guide['edition']}"
    for page in pages():
        footer = site.soup(page.dest_uri).select_one("footer .md-copyright__highlight")
        assert footer is not None and _text(footer) == expected, page.src_uri
        assert footer.find("em").get_text() == guide["title"]


def test_guide_data_for_scripts(site, guide, config):
    for page in pages():
        data = json.loads(site.soup(page.dest_uri).select_one("script#guide-data").string)
        assert data == {"attribution": guide["attribution"], "title": guide["title"], "siteUrl": config.site_url}


def test_print_footer_reads_the_attribution(site, guide):
    """The print-only footer line (src/sl_guide/print_kit.py) ends with the attribution."""
    for page in pages():
        footer = site.soup(page.dest_uri).select_one(".print-footer")
        assert footer is not None, page.src_uri
        assert _text(footer).endswith(guide["attribution"]), page.src_uri


def _rights(guide) -> str:
    return f"© {guide['publisher']} ({guide['published']})"


def test_about_page_and_readme_state_the_rights(site, guide):
    """The briefing's text is the publisher's, and the code's MIT licence does not cover it."""
    about = " ".join(site.article("about/index.html").get_text(" ").split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for text in (about, readme):
        assert f"The briefing's text is {_rights(guide)} and is not covered by" in text
        assert "MIT" in text
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the online edition's editors\n")
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["license"] == "MIT"


def test_citation_cff_agrees_with_extra_guide(guide, config):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == "MIT"
    # The default address of mkdocs.yml (SITE_URL may override it for a build).
    default_url = re.search(r'^site_url:\s*!ENV\s*\[SITE_URL,\s*"([^"]+)"\]',
                            (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert cff["url"] == default_url
    assert guide["title"] in cff["title"]
    briefing = cff["preferred-citation"]
    family, given = guide["author"].split(" ")[-1], " ".join(guide["author"].split(" ")[:-1])
    assert briefing["title"] == guide["title"]
    assert briefing["authors"] == [{"family-names": family, "given-names": given}]
    assert briefing["publisher"]["name"] == guide["publisher"]
    assert briefing["publisher"]["city"] == guide["place"]
    assert briefing["year"] == guide["year"]
    # The same kind of work as the bibliography's entry (references.bib, @book{miller2020}).
    bib_type = re.search(r"^@(\w+)\{miller2020,", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)[1]
    assert briefing["type"] == bib_type.lower()
    assert _rights(guide) in cff["message"]
    assert "licence covers the code" in " ".join(cff["abstract"].split())


def test_citation_cff_is_valid():
    """Against the CFF 1.2.0 JSON schema, as shipped in cffconvert 2.0.0
    (cffconvert/schemas/1.2.0/schema.json, copied to tests/data)."""
    from jsonschema import Draft7Validator

    schema = json.loads((ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema).iter_errors(cff), key=lambda e: list(e.path))
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]
    # The validator does reject a broken file.
    assert list(Draft7Validator(schema).iter_errors({**cff, "cff-version": "1.0"}))
