"""Harvard citations (issues 2 and 3): resolved, linked, previewed, sorted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from sl_guide.hooks import citations
from conftest import ROOT

BIB = parse_file(str(ROOT / "references.bib"))
DOCS = ROOT / "docs"


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def cited_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in doc_pages():
        for key, _, _ in citations.scan_citations(path.read_text(encoding="utf-8")):
            found.setdefault(key, set()).add(path.relative_to(DOCS).as_posix())
    return found


def test_every_citation_in_docs_resolves_to_references_bib():
    unknown = {key: pages for key, pages in cited_keys().items() if key not in BIB.entries}
    assert not unknown, f"citations with no entry in references.bib: {unknown}"


def test_every_entry_is_cited_somewhere():
    uncited = sorted(set(BIB.entries) - set(cited_keys()))
    assert not uncited, f"entries never cited nor linked from any page: {uncited}"


def test_build_is_strict_and_clean(site):
    assert site.returncode == 0
    assert "WARNING" not in site.log, site.log


def _visible_text(node) -> str:
    node = node.__copy__()
    for code in node.select("code, pre, script, style"):
        code.decompose()
    return node.get_text(" ")


def test_no_page_shows_raw_citation_syntax(site):
    for page in site.pages():
        article = site.article(site.rel(page))
        if article is None:
            continue
        text = _visible_text(article)
        assert "[@" not in text, page
        bare = [m for m in re.findall(r"(?<![\w.])@[A-Za-z][\w:-]*", text)]
        assert not bare, f"{site.rel(page)}: bare citation keys {bare}"
        assert not re.search(r"\(\s*\?\s*\)", text), page


def test_citations_are_links_to_entries_on_the_same_page(site):
    count = 0
    for page in site.pages():
        soup = site.soup(site.rel(page))
        ids = {tag["id"] for tag in soup.select("[id]")}
        for link in soup.select("article a.citation"):
            count += 1
            href = link["href"]
            assert href.startswith("#ref-"), href
            assert href[1:] in ids, f"{site.rel(page)}: {href} has no target"
            assert link.get("title", "").strip(), "citation without preview"
            target = soup.find(id=href[1:])
            assert target.get_text(" ").split()[0].rstrip(",.") in link["title"]
    assert count > 60


def test_no_footnote_numbers_anywhere(site):
    for page in site.pages():
        soup = site.soup(site.rel(page))
        assert not soup.select("sup, .footnote, .footnote-ref, a.footnote-ref"), site.rel(page)


def test_harvard_author_date_text(site):
    soup = site.soup("what-is-systems-leadership/index.html")
    texts = [a.get_text() for a in soup.select("a.citation")]
    assert "Ghate, Lewis and Welbourn, 2013" in texts
    assert "Senge, Hamilton and Kania, 2015" in texts


def test_several_keys_give_one_parenthesis_with_a_link_each(site):
    soup = site.soup("what-is-systems-leadership/index.html")
    paragraphs = [p for p in soup.select("article p") if len(p.select("a.citation")) == 4]
    assert paragraphs, "the four-work citation of the common elements is missing"
    text = paragraphs[0].get_text()
    assert re.search(r"\(Ghate, Lewis and Welbourn, 2013; Fillingham and Weir, 2014; Timmins, 2015; Bolden, Gulati and Edwards, 2020\)", text), text


def test_narrative_citations(site):
    texts = [a.get_text() for a in site.soup("key-points/index.html").select("a.citation")]
    assert "Care Quality Commission (2018)" in texts
    assert "Local Government Association (2018)" in texts


def _entries_are_sorted(entries) -> None:
    ids = [e["id"][4:] for e in entries]
    keys = [citations.entry_sort_key(BIB.entries[key]) for key in ids]
    assert keys == sorted(keys), ids
    initials = [e.get_text().lstrip("“‘*")[0].upper() for e in entries]
    assert initials == sorted(initials), "entries are not alphabetical as printed"


def test_each_citing_page_ends_with_its_own_sorted_references(site):
    for page in site.pages():
        rel = site.rel(page)
        soup = site.soup(rel)
        cited = {a["href"][1:] for a in soup.select("article a.citation")}
        if not cited or rel.startswith("bibliography/"):
            continue
        heading = soup.select_one("article h2#references")
        assert heading is not None, f"{rel} cites but has no References section"
        entries = soup.select("article p.csl-entry")
        assert {e["id"] for e in entries} == cited, rel
        _entries_are_sorted(entries)


def test_bibliography_lists_every_entry_sorted_with_back_links(site):
    soup = site.soup("bibliography/index.html")
    entries = soup.select("article p.csl-entry")
    assert {e["id"][4:] for e in entries} == set(BIB.entries)
    _entries_are_sorted(entries)
    for entry in entries:
        cited_on = entry.find_next_sibling()
        assert cited_on is not None and "cited-on" in cited_on.get("class", []), f"{entry['id']} has no 'Cited on'"
        links = cited_on.select("a")
        assert links, entry["id"]
        for link in links:
            href = link["href"]
            path, _, anchor = href.partition("#")
            target = (site.root / "bibliography" / path / "index.html").resolve()
            assert target.is_file(), href
            if anchor:
                assert BeautifulSoup_has_id(target, anchor), href


def BeautifulSoup_has_id(path: Path, anchor: str) -> bool:
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find(id=anchor) is not None


def test_reference_text_has_no_formatting_defects(site):
    for page in site.pages():
        for entry in site.soup(site.rel(page)).select("p.csl-entry"):
            text = entry.get_text()
            html = str(entry)
            assert "\\" not in html, entry["id"]
            assert "--" not in text, entry["id"]
            assert "[Preprint]" not in text, entry["id"]
            assert "{" not in text and "}" not in text, entry["id"]
            if entry.select("a[href^=http]"):
                assert "Available at: " in text, entry["id"]


def test_reference_styles(site):
    soup = site.soup("bibliography/index.html")
    rittel = soup.find(id="ref-rittel1973").get_text()
    assert "pp. 155–169" in rittel
    assert soup.find(id="ref-cqc2018").get_text().startswith("Care Quality Commission (2018)")
    assert soup.find(id="ref-careact2014").select_one("em").get_text() == "Care Act 2014"
    assert soup.find(id="ref-ghate2013").select_one("em"), "report titles are italic"
    assert "Commission, C" not in soup.get_text()


def test_downloads(site):
    bib = site.root / "downloads" / "references.bib"
    assert bib.read_text(encoding="utf-8") == (ROOT / "references.bib").read_text(encoding="utf-8")
    items = json.loads((site.root / "downloads" / "references.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in items} == set(BIB.entries)
    links = {a["href"] for a in site.soup("bibliography/index.html").select("article a")}
    assert "../downloads/references.bib" in links and "../downloads/references.json" in links


# --- the hook's rendering, on a small bibliography -----------------------------------

@pytest.fixture()
def small_bib():
    bib = citations.Bibliography(Path("references.bib"))
    for key, author, year in [("ham", "Ham and Alderwick", "2015"), ("timmins", "Timmins", "2015")]:
        bib.parenthetical[key] = f"{author}, {year}"
        bib.narrative[key] = f"{author} ({year})"
        bib.reference[key] = f"{author} ({year}) *Title*."
        bib.types[key] = "report"
    return bib


def test_locators_and_prefixes(small_bib):
    out, keys = citations.render_citations("See [see @ham, p. 12; @timmins].", small_bib, "x.md")
    assert out.startswith("See (see [Ham and Alderwick, 2015](#ref-ham")
    assert "{: .citation }, p. 12; [Timmins, 2015]" in out
    assert keys == ["ham", "timmins"]


def test_narrative_and_things_left_alone(small_bib):
    text = "@timmins says. Mail ask@example.org, `[@ham]` and\n\n```\n[@ham] @ham\n```\n[link](https://x.org/@ham)"
    out, keys = citations.render_citations(text, small_bib, "x.md")
    assert out.startswith("[Timmins (2015)](#ref-timmins")
    assert "ask@example.org" in out and "`[@ham]`" in out and "[@ham] @ham\n```" in out
    assert "(https://x.org/@ham)" in out
    assert keys == ["timmins"]


def test_unknown_key_names_file_and_key(small_bib):
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"docs/x\.md: unknown citation key '@nobody'"):
        citations.render_citations("Text [@nobody].", small_bib, "docs/x.md")
    with pytest.raises(PluginError, match=r"'@nobody2'"):
        citations.render_citations("As @nobody2 says.", small_bib, "docs/x.md")


def test_bib_entries_have_complete_fields():
    """Entry types and fields are complete; people are split into family and
    given names; organisations are one corporate author, never inverted."""
    corporate = 0
    for key, entry in BIB.entries.items():
        kind = entry.type.lower()
        fields = entry.fields
        assert fields.get("title") and fields.get("year"), key
        if kind == "article":
            assert fields.get("journal"), key
            assert fields.get("pages") or key == "erens2017", key  # the briefing gives no pages for Erens et al.
        elif kind == "book":
            assert fields.get("publisher") and fields.get("address"), key
        elif kind == "legislation":
            assert fields.get("url", "").startswith("https://www.legislation.gov.uk/"), key
        else:
            assert kind in {"report", "online"}, (key, kind)
            assert fields.get("url") or fields.get("institution"), key
        for person in entry.persons.get("author", []):
            family = " ".join(person.last_names)
            if family.startswith("{"):
                corporate += 1
                assert not person.first_names and family.endswith("}"), key
            else:
                assert person.first_names, f"{key}: {person} has no given name or initials"
    assert corporate >= 10

