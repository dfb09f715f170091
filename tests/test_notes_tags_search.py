"""Editorial notes, tags and search (issue 5, items 6–8).

* every "Editorial note" on the site is an admonition set apart from the 2020 text and
  cites its source (an ``a.citation`` to a ``references.bib`` entry);
* the two notes on what changed since 2020 stand beside the words they qualify;
* Material's tags plugin tags every page from its front matter, with an index page;
* the built search index finds the key phrases and every acronym.
"""

from __future__ import annotations

import json
import re

import pytest

from sl_guide.toolkit import ROOT, dest_of, front_matter, open_ready, url_of

DOCS = ROOT / "docs"


def editorial_notes(site):
    for path in site.pages():
        rel = site.rel(path)
        for box in site.article(rel).select(".admonition"):
            title = box.select_one(".admonition-title")
            if title and title.get_text(strip=True).startswith("Editorial note"):
                yield rel, box


def test_every_editorial_note_cites_its_source(site):
    notes = list(editorial_notes(site))
    assert len(notes) >= 4, [rel for rel, _ in notes]
    for rel, box in notes:
        assert "note" in box["class"], (rel, box["class"])  # the note admonition, not body text
        citations = box.select("a.citation[href]")
        assert citations, f"{rel}: editorial note without a citation: {box.get_text(' ', strip=True)[:100]}"
        for citation in citations:
            href = citation["href"]
            target = href.partition("#")[2]
            assert target.startswith("ref-"), href
            if href.startswith("#"):
                assert site.article(rel).find(id=target) is not None, (rel, href)


def test_notes_since_2020_stand_beside_the_text(site):
    why_now = site.article("why-now/index.html")
    table = why_now.find(id="table-1")
    following = table.find_next_siblings("div", class_="admonition", limit=2)
    texts = [box.get_text(" ", strip=True) for box in following]
    assert any("erratum" in t and "3,000,000 and 2,800,000" not in t and "lower bound" in t for t in texts), texts
    assert any("Health and Care Act 2022" in t and "1 July 2022" in t and "integrated care boards" in t
               and "clinical commissioning groups" in t for t in texts), texts
    erratum = next(box for box in following if "erratum" in box.get_text())
    assert erratum.select_one('a.citation[href="#ref-nhse2015"]')
    act = next(box for box in following if "Health and Care Act 2022" in box.get_text())
    assert act.select_one('a.citation[href="#ref-hcact2022"]')
    # The 2020 words stay as printed.
    assert "Footprints vary in size of population between 3,000,000 and 2,800,000" in table.get_text()
    debates = site.article("debates/index.html")
    debate2 = debates.find(id="debate-2-national-context")
    note = debate2.find_next_sibling("div", class_="admonition")
    assert "Health and Care Act 2022" in note.get_text() and note.select_one("a.citation")


@pytest.mark.browser
def test_editorial_notes_look_different_from_the_text(server, page):
    """In a browser the note is a bordered box with a title, not plain body text."""
    open_ready(page, server + "why-now/")
    note = page.locator("article .admonition.note").first
    style = note.evaluate(
        "(e) => { const s = getComputedStyle(e); return [s.borderLeftWidth, s.borderLeftStyle, s.display]; }"
    )
    assert style[1] != "none" and float(style[0].rstrip("px")) > 0, style
    title = note.locator(".admonition-title")
    assert title.is_visible() and title.inner_text().startswith("Editorial note")


# --- Tags ---------------------------------------------------------------------------


def front_matter_tags() -> dict[str, list[str]]:
    found = {}
    for path in sorted(DOCS.rglob("*.md")):
        meta = front_matter(path)
        if meta.get("tags"):
            found[path.relative_to(DOCS).as_posix()] = meta["tags"]
    return found


def test_pages_show_their_tags(site):
    tags = front_matter_tags()
    assert len(tags) >= 20
    for src, names in tags.items():
        shown = [a.get_text(strip=True) for a in site.soup(dest_of(src)).select("nav.md-tags a.md-tag")]
        assert sorted(shown) == sorted(names), src


def test_tags_index_lists_every_tagged_page(site):
    article = site.article("tags/index.html")
    tags = front_matter_tags()
    for name in sorted({t for names in tags.values() for t in names}):
        heading = article.find("h2", id=f"tag:{name.lower().replace(' ', '-')}")
        assert heading is not None, name
        listed = {a["href"].rstrip("/") + "/" for a in heading.find_next_sibling("ul").find_all("a")}
        for src, names in tags.items():
            if name in names:
                target = "../" + url_of(src)
                assert target in listed, (name, src)


# --- Search --------------------------------------------------------------------------

PHRASES = ["wicked issues", "Wigan Deal", "boundary spanning", "local area coordination"]
ACRONYMS = ["CQC", "LGA", "NHS", "NHSE", "STP", "STPs", "ICS", "ICSs", "CCG", "AQuA", "BASW", "RCOT", "SCIE", "NAO"]


@pytest.fixture(scope="module")
def search_index(site):
    return json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))


def _text(doc) -> str:
    return re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])


@pytest.mark.parametrize("phrase", PHRASES)
def test_search_finds_phrase(search_index, phrase):
    hits = [doc["location"] for doc in search_index["docs"] if phrase.lower() in _text(doc).lower()]
    assert hits, phrase
    if phrase == "wicked issues":
        assert any(h.startswith("what-is-systems-leadership/") for h in hits), hits


def test_search_finds_every_acronym(search_index):
    for acronym in ACRONYMS:
        pattern = re.compile(rf"\b{re.escape(acronym)}\b")
        assert any(pattern.search(_text(doc)) for doc in search_index["docs"]), acronym


def test_search_finds_the_glossary_terms(search_index):
    glossary = " ".join(_text(doc) for doc in search_index["docs"] if doc["location"].startswith("glossary/"))
    for phrase in PHRASES + ["Complex adaptive systems", "Place-based plans"]:
        assert phrase.lower() in glossary.lower(), phrase
