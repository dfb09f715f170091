"""The guide's structure (issue 2, items 4, 5 and 7): real tables, attributed
quotes, links for the briefing's URLs, cross-links, reading order, theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sl_guide.print_kit import source_date_epoch
from sl_guide.toolkit import BRIEFING, ROOT, build, dest_of, nav_pages, project_copy, url_of

TABLES = {
    # id: (page, number of body rows, header cells)
    "table-1": ("why-now/index.html", 3, ["Arrangements", "Overview"]),
    "table-2": ("why-now/index.html", 3, ["Leadership framework", "Systems leadership responsibility"]),
    "table-3": ("leadership-approaches/index.html", 4,
                ["Approach", "Underlying principles", "Learning for systems leadership"]),
    "self-assessment-table": ("self-assessment/index.html", 5,
                              ["Systems leadership elements", "Self-assessment (1: not at all 5: fully)",
                               "Actions I will take..."]),
}


@pytest.mark.parametrize("table_id", TABLES)
def test_tables_are_real_tables_with_header_rows(site, table_id):
    page, rows, headers = TABLES[table_id]
    figure = site.soup(page).find(id=table_id)
    assert figure is not None, f"#{table_id} missing on {page}"
    table = figure.find("table")
    assert table is not None
    assert [th.get_text(" ", strip=True) for th in table.select("thead th")] == headers
    assert len(table.select("tbody tr")) == rows
    assert figure.find("figcaption").get_text(strip=True)


def test_quotes_are_blockquotes_with_attribution(site):
    quotes = []
    for page in site.pages():
        quotes += site.article(site.rel(page)).select("blockquote")
    # two definitions, CQC, two LGA, Thurrock manager (How to cite example excluded)
    attributed = [q for q in quotes if q.select("p")[-1].get_text().startswith("—")]
    assert len(attributed) >= 6
    for quote in attributed:
        last = quote.select("p")[-1]
        assert last.select("a.citation") or "Local authority manager in Thurrock" in last.get_text()


def test_every_url_of_the_briefing_is_a_link(site):
    text = BRIEFING.read_text(encoding="utf-8").split("\nReferences\n")[0]
    urls = set(re.findall(r"(?:https?://|www\.)[^\s<>()]+[^\s<>().,]", text))
    hrefs = set()
    for page in site.pages():
        hrefs |= {a.get("href", "") for a in site.soup(site.rel(page)).select("article a[href]")}
    for url in urls:
        full = url if url.startswith("http") else "https://" + url
        full = full.rstrip("_")
        assert any(href.rstrip("/") == full.rstrip("/") for href in hrefs), f"{url} is not a link"


def test_lists_are_lists(site):
    soup = site.soup("key-points/index.html")
    assert len(soup.select("article ul > li")) >= 7
    wigan = site.soup("examples/wigan/index.html")
    assert len(wigan.select("article ul > li")) >= 8


def test_home_page_links_every_page(site):
    links = {a["href"] for a in site.soup("index.html").select("article a[href]")}
    for md in nav_pages():
        if md == "index.md":
            continue
        assert url_of(md) in links, f"home page does not link {md}"


def test_reading_order_previous_and_next(site):
    pages = nav_pages()
    for position, md in enumerate(pages):
        soup = site.soup(dest_of(md))
        footer = soup.select_one("nav.md-footer__inner")
        previous = footer.select_one("a.md-footer__link--prev") if footer else None
        following = footer.select_one("a.md-footer__link--next") if footer else None
        assert (previous is not None) == (position > 0), md
        assert (following is not None) == (position < len(pages) - 1), md


@pytest.mark.parametrize("example", ["examples/thurrock/index.html", "examples/wigan/index.html"])
def test_examples_link_to_what_they_illustrate(site, example):
    hrefs = [a["href"] for a in site.article(example).select("a[href]")]
    for target in ("six-dimensions/", "toronto-skills/", "leadership-approaches/"):
        assert any(target in href for href in hrefs), f"{example} does not link {target}"


def test_debates_and_conclusion_link_back(site):
    soup = site.soup("debates/index.html")
    for number in range(1, 5):
        heading = soup.select_one(f"h2[id^=debate-{number}]")
        links = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            links += [a["href"] for a in sibling.select("a[href]") if not a["href"].startswith("#")]
        assert links, f"debate {number} links back to nothing"
    conclusion = [a["href"] for a in site.article("conclusion/index.html").select("a[href]")]
    assert any("debates/#debate-1" in href for href in conclusion)
    assert any("key-points/" in href for href in conclusion)


def test_every_page_attributes_the_source(site):
    for page in site.pages():
        footer = site.soup(site.rel(page)).select_one("footer .md-copyright")
        assert footer is not None and "Miller, R. (2020)" in footer.get_text(), site.rel(page)
        assert "Research in Practice" in footer.get_text()


def test_theme_settings(site):
    soup = site.soup("index.html")
    assert not soup.select('link[href*="fonts.googleapis"], link[href*="fonts.gstatic"]')
    assert soup.select("form[name=search], .md-search"), "search"
    assert len(soup.select("input.md-option[data-md-color-media]")) == 3, "palette toggle following the system"
    config = soup.select_one("#__config")
    assert config is not None
    for feature in ("navigation.instant", "toc.follow", "navigation.sections", "content.tooltips"):
        assert feature in config.get_text(), feature


def test_search_index_points_to_sections_not_link_lists(site):
    import json

    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for listing in ("link-to-this-guide/", "concept-map/", "tags/"):
        assert listing not in locations, listing
    assert "six-dimensions/" in locations and "bibliography/" in locations


def test_each_reference_is_found_once_in_search(site):
    """Per-page References and "Cited on" lines stay out of the index: a search for
    an author finds the bibliography entry and the sections that discuss the work."""
    import json

    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    holding = {doc["location"] for doc in index["docs"] if "Mobilizing change in public services" in doc["text"]}
    assert holding == {"bibliography/#all-references"}, holding


# --- Pages published without the templates' indentation (hooks/compact_html.py) ----------

COMPACT_HOOK = "  - src/sl_guide/hooks/compact_html.py\n"


def _indented_build(folder: Path):
    """The project built without the compacting hook (dated like the session's build:
    the copy has no git history)."""
    project = project_copy(folder / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert COMPACT_HOOK in text
    config.write_text(text.replace(COMPACT_HOOK, ""), encoding="utf-8")
    stamp = source_date_epoch(ROOT)
    return build(folder / "site", cwd=project, env={"SOURCE_DATE_EPOCH": stamp} if stamp else {}), folder / "site"


def early_jobs(items, site) -> dict:
    """The build without the hook, when its test runs (conftest ``Early``)."""
    wanted = {item.originalname for item in items}
    return {"indented": _indented_build} if "test_compacting_changes_only_whitespace" in wanted else {}


def _published(html: str) -> dict:
    """What a page shows and does: its text (whitespace runs as one space), its
    elements in document order with their attributes, and the exact source of the
    elements that keep their whitespace."""
    soup = BeautifulSoup(html, "lxml")
    return {
        "text": " ".join(soup.get_text().split()),
        "elements": [(tag.name, sorted((k, str(v)) for k, v in tag.attrs.items())) for tag in soup.find_all(True)],
        "verbatim": [str(tag) for tag in soup.find_all(["pre", "textarea", "script", "style"])],
    }


def test_compacting_changes_only_whitespace(site, early, request):
    proc, indented = early(request.module)["indented"].result()
    assert proc.returncode == 0, proc.stderr
    pages = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html"))
    assert pages == sorted(p.relative_to(indented).as_posix() for p in indented.rglob("*.html"))
    smaller = set()
    for rel in pages:
        compact = (site.root / rel).read_text(encoding="utf-8")
        original = (indented / rel).read_text(encoding="utf-8")
        assert _published(compact) == _published(original), rel
        if len(compact) < len(original):
            smaller.add(rel)
    # Every page MkDocs renders (the redirect stubs are written by their plugin, as they are).
    assert {site.rel(page) for page in site.pages()} | {"404.html", "print_page/index.html"} <= smaller


def test_tables_are_named_by_their_caption_and_listed_ones_get_row_headers():
    """The extension names each captioned table by its caption, and makes the first body
    cell of each row of a listed table a row header."""
    import markdown

    text = ("| A | B |\n| --- | --- |\n| **x** | y |\n\n/// table-caption\n    attrs: {id: listed}\nListed\n///\n\n"
            "| A | B |\n| --- | --- |\n| x | y |\n\n/// table-caption\n    attrs: {id: other}\nOther\n///\n")
    html = markdown.markdown(text, extensions=["tables", "attr_list", "pymdownx.blocks.caption", "sl_guide.tables"],
                             extension_configs={"sl_guide.tables": {"row_headers": ["listed"]}})
    listed, other = html.split('id="other"')
    assert '<th scope="row"><strong>x</strong></th>\n<td>y</td>' in listed and "<th>A</th>" in listed
    assert "<td>x</td>" in other and 'scope="row"' not in other
    assert '<table aria-label="Listed">' in listed and '<table aria-label="Other">' in other


def test_headings_are_named_by_their_own_text():
    """The extension names each heading that has a permalink by the text the toc renders
    (no "¶"; inline code, emphasis and entities as text), and leaves alone a heading
    without one and the injection point of Material's tags listing (id "<listing>/slug")."""
    import markdown

    text = "# A &amp; B `code` *em* <span>x</span>\n\n## Plain\n\n## listing/name {#listing/slug}\n"
    html = markdown.markdown(text, extensions=["attr_list", "toc", "sl_guide.headings"],
                             extension_configs={"toc": {"permalink": True}})
    assert '<h1 aria-label="A &amp; B code em x" id="a-b-code-em-x">' in html
    assert '<h2 aria-label="Plain" id="plain">' in html
    assert '<h2 id="listing/slug">' in html
    assert 'aria-label' not in markdown.markdown("## Plain\n", extensions=["toc", "sl_guide.headings"])
