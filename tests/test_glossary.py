"""Acronyms and glossary (issue 5, item 4).

* every acronym of the briefing is defined in ``includes/abbreviations.md`` (appended
  to every page by pymdownx.snippets) with the expansion the briefing itself uses;
* on every page, each use of an acronym in the text is an ``<abbr title=…>``;
* the definitions break neither citations, link titles, headings nor the table of contents;
* the glossary defines the key terms in the briefing's own words, and its links resolve.
"""

from __future__ import annotations

import re

import pytest
from bs4 import NavigableString

# The same reading of the file as the anchors hook (one parser for includes/abbreviations.md).
from sl_guide.hooks.anchors import ABBREVIATION as DEFINITION
from sl_guide.toolkit import BRIEFING, ROOT

ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"

#: The acronyms the issue names, with the expansion the briefing gives.
EXPECTED = {
    "CQC": "Care Quality Commission",
    "LGA": "Local Government Association",
    "NHS": "National Health Service",
    "NHSE": "NHS England",
    "STP": "Sustainability and Transformation Partnership",
    "STPs": "Sustainability and Transformation Partnerships",
    "ICS": "Integrated Care System",
    "ICSs": "Integrated Care Systems",
    "CCG": "Clinical Commissioning Group",
    "AQuA": "Advancing Quality Alliance",
    "BASW": "British Association of Social Workers",
    "RCOT": "Royal College of Occupational Therapists",
    "SCIE": "Social Care Institute for Excellence",
    "NAO": "National Audit Office",
    "UK": "United Kingdom",
}

#: Capitalised words in the source text that are not acronyms.
NOT_ACRONYMS = {"FULL", "REPORT"}

#: The formatted references (raw HTML from pandoc), code and drawings: left alone by abbr.
EXEMPT = ".csl-entry, .cite-section, code, pre, script, style, svg, abbr"


@pytest.fixture(scope="module")
def definitions() -> dict[str, str]:
    return {m.group("abbr"): m.group("title") for m in DEFINITION.finditer(ABBREVIATIONS.read_text("utf-8"))}


def test_expected_expansions(definitions):
    for abbr, title in EXPECTED.items():
        assert definitions.get(abbr) == title, abbr


def test_every_acronym_of_the_briefing_is_defined(definitions):
    text = BRIEFING.read_text(encoding="utf-8")
    found = set(re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b", text)) - NOT_ACRONYMS
    found = {word for word in found if sum(c.isupper() for c in word) >= 2 and len(word) <= 6}
    missing = sorted(found - set(definitions))
    assert not missing, f"acronyms of the briefing without a definition: {missing}"


def test_expansions_are_the_briefings_words(definitions):
    """Where the briefing spells an acronym out, the tooltip uses the same words."""
    text = BRIEFING.read_text(encoding="utf-8")
    for abbr in ("CQC", "LGA", "NAO", "SCIE", "RCOT", "AQuA", "STPs", "NHSE"):
        assert definitions[abbr] in text, abbr
    # The briefing's "British Association for Social Workers" is a slip, corrected in an
    # editorial note on the bibliography page; the tooltip uses the association's name.
    assert "British Association for Social Workers" in text


def _bare_uses(article, abbr: str) -> list[str]:
    pattern = re.compile(rf"(?<![\w-]){re.escape(abbr)}(?![\w])")
    exempt = set(article.select(EXEMPT))
    uses = []
    for node in article.find_all(string=True):
        if not isinstance(node, NavigableString) or not pattern.search(node):
            continue
        if any(parent in exempt for parent in node.parents):
            continue
        uses.append(node.strip()[:80])
    return uses


def test_acronyms_are_abbr_on_every_page_that_uses_them(site, definitions):
    problems = []
    used_somewhere = set()
    for path in site.pages():
        rel = site.rel(path)
        article = site.article(rel)
        for abbr, title in definitions.items():
            bare = _bare_uses(article, abbr)
            if bare:
                problems.append(f"{rel}: {abbr} without <abbr>: {bare[:2]}")
            tags = [a for a in article.find_all("abbr") if a.get_text() == abbr]
            for tag in tags:
                if tag.get("title") != title:
                    problems.append(f"{rel}: <abbr>{abbr}</abbr> has title {tag.get('title')!r}")
            if tags:
                used_somewhere.add(abbr)
    assert not problems, "\n".join(problems)
    assert not set(EXPECTED) - used_somewhere, f"never rendered: {set(EXPECTED) - used_somewhere}"


def test_expected_pages_carry_the_tooltips(site):
    def titles(rel):
        return {a.get_text(): a.get("title") for a in site.article(rel).find_all("abbr")}

    assert titles("why-now/index.html")["STPs"] == "Sustainability and Transformation Partnerships"
    assert titles("why-now/index.html")["ICS"] == "Integrated Care System"
    assert titles("why-now/index.html")["RCOT"] == "Royal College of Occupational Therapists"
    assert titles("further-reading/index.html")["SCIE"] == "Social Care Institute for Excellence"
    glossary = titles("glossary/index.html")
    for abbr in EXPECTED:
        assert glossary.get(abbr) == EXPECTED[abbr], abbr


def test_abbr_breaks_no_attribute_heading_or_toc(site):
    for path in site.pages():
        rel = site.rel(path)
        html = path.read_text(encoding="utf-8")
        assert "&lt;abbr" not in html, rel
        soup = site.soup(rel)
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                assert not any("<abbr" in v for v in values), (rel, element.name, name)
        # headings keep their permalink; the table of contents shows plain text
        for heading in soup.select("article h2[id], article h3[id]"):
            assert heading.select_one("a.headerlink"), (rel, heading["id"])
        for link in soup.select(".md-nav--secondary a.md-nav__link"):
            assert link.find("abbr") is None, rel
    further = site.soup("further-reading/index.html")
    toc = [a.get_text(strip=True) for a in further.select(".md-nav--secondary a.md-nav__link")]
    assert "Social Care Institute for Excellence (SCIE)" in toc
    heading = further.select_one("h2#scie")
    assert heading.find("abbr", title="Social Care Institute for Excellence") is not None


def test_citations_survive_abbreviations(site):
    """A citation whose reference holds an acronym keeps its link and full title."""
    article = site.article("knowledge-and-skills/index.html")
    citation = article.select_one('a.citation[href="#ref-fillingham2014"]')
    assert citation is not None
    assert "AQuA’s Integrated Care Discovery Communities" in citation["title"]
    introduction = site.article("introduction/index.html")
    nhse = introduction.select_one('a.citation[href="#ref-nhse2015"]')
    assert nhse is not None and nhse.get_text() == "NHS England, 2015"
    assert nhse.find("abbr", title="National Health Service") is not None
    assert nhse["title"].startswith("NHS England (2015) Delivering the Forward View: NHS Planning Guidance")


# --- Glossary ----------------------------------------------------------------------

KEY_TERMS = {
    "wicked-issues": "Wicked issues",
    "systems-thinking": "Systems thinking",
    "complex-adaptive-systems": "Complex adaptive systems",
    "integrated-care": "Integrated care",
    "place-based-plans": "Place-based plans",
    "distributed-leadership": "Distributed (collective) leadership",
    "boundary-spanning": "Boundary spanning (lateral) leadership",
    "local-area-coordination": "Local area coordination",
    "systems-leadership": "Systems leadership",
    "wigan-deal": "Wigan Deal",
}
QUOTE = re.compile(r"[\"“](?P<quote>[^\"”]{25,}?)[\"”]")


def _text(element) -> str:
    return " ".join(element.get_text(" ").replace("\u00a0", " ").split())


def _target(site, base: str, href: str):
    path, _, fragment = href.partition("#")
    folder = (site.root / base).parent
    page = (folder / path / "index.html").resolve() if path else (site.root / base).resolve()
    return page, fragment


def test_glossary_defines_the_key_terms(site):
    article = site.article("glossary/index.html")
    assert article.find("dl") is not None
    for term_id, term in KEY_TERMS.items():
        dt = article.find("dt", id=term_id)
        assert dt is not None, term_id
        assert dt.get_text(strip=True) == term
        assert dt.find_next_sibling("dd") is not None, term_id


def test_glossary_quotes_the_briefing_where_it_is_discussed(site):
    """Each definition quotes words that stand on the page it links to."""
    article = site.article("glossary/index.html")
    for dt in article.select("#key-terms ~ dl dt[id]"):
        dd = dt.find_next_sibling("dd")
        definition = _text(dd)
        quotes = [m.group("quote").strip(" .") for m in QUOTE.finditer(definition)]
        links = [a for a in dd.find_all("a") if "citation" not in (a.get("class") or [])]
        assert links, f"{dt['id']}: no 'Discussed in' link"
        assert quotes or "gives no formal definition" in definition, dt["id"]
        targets = []
        for link in links:
            page, fragment = _target(site, "glossary/index.html", link["href"])
            assert page.is_file(), (dt["id"], link["href"])
            soup = site.soup(page.relative_to(site.root.resolve()).as_posix())
            if fragment:
                assert soup.find(id=fragment) is not None, (dt["id"], link["href"])
            targets.append(_text(soup.select_one("article.md-content__inner")))
        for quote in quotes:
            # quotation marks inside the quote may differ (‘ ’ vs '), ellipses are kept
            needle = quote.lstrip(".").strip()
            assert any(needle in text for text in targets), f"{dt['id']}: quote not on the linked page: {needle[:60]}"


def test_glossary_links_resolve(site):
    article = site.article("glossary/index.html")
    for link in article.select("a[href]"):
        href = link["href"]
        if href.startswith(("http", "mailto:")) or "citation" in (link.get("class") or []):
            continue
        page, fragment = _target(site, "glossary/index.html", href)
        assert page.is_file(), href
        if fragment:
            soup = site.soup(page.relative_to(site.root.resolve()).as_posix())
            assert soup.find(id=fragment) is not None, href


def test_glossary_is_in_the_navigation(site):
    nav = site.soup("index.html").select("nav.md-nav--primary a.md-nav__link")
    assert any(a.get("href", "").rstrip("/").endswith("glossary") for a in nav)


def test_a_link_text_of_the_glossary_names_one_place(site):
    """A screen reader's list of the glossary's links reads each text once per target: the
    acronyms' "See Table 1" led to three different rows."""
    targets: dict[str, set[str]] = {}
    for link in site.article("glossary/index.html").select("dl a[href]:not(.headerlink):not(.citation)"):
        targets.setdefault(" ".join(link.get_text().split()), set()).add(link["href"])
    assert {text: hrefs for text, hrefs in targets.items() if len(hrefs) > 1} == {}
