"""Nothing of the 2020 briefing is lost: every sentence, list item, quote and
table cell of the source text appears in the built site (issue 2, 8e and 8f), on a
page that carries the briefing and outside its editorial boxes; so do its citations
and every person its references name."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from sl_guide import toolkit
from sl_guide.toolkit import BRIEFING as SOURCE

#: Narrative citations in the source ("the Care Quality Commission (2018)"):
#: the site renders them as citation links, removed on both sides before comparing.
NARRATIVE = [
    "Care Quality Commission (2018)",
    "Local Government Association (2018)",
    "Local Government Association (2016)",
    "National Audit Office (2018)",
]

#: PDF artefacts: lines that are page furniture, not content.
ALLOW = {
    "Key points",  # a heading the site keeps, but also the PDF's running header
}

#: The Knowledge and Skills table was flattened by the PDF extraction: the items of
#: each area stand on one line. The site lists them one by one.
FLATTENED_ITEMS = [
    "Service design", "Governance arrangements", "Innovative contracting and financial mechanisms",
    "Technological ‘savvy’", "Systems thinking", "Improvement science", "Large-scale change",
    "Interpersonal skills and behaviours", "Coaching ability", "A visionary and participative style",
]


def normalise(text: str) -> str:
    text = unescape(text)
    for a, b in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "&": "and", "\u00a0": " "}.items():
        text = text.replace(a, b)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([.,;:?!)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return text.strip()


def source_units() -> list[str]:
    """Sentences, list items and table cells of the briefing, citations removed."""
    text = SOURCE.read_text(encoding="utf-8")
    body, _, tail = text.partition("\nReferences\n")
    _, _, colophon = tail.partition("Research in Practice\nThe Granary")
    body += "\nResearch in Practice\nThe Granary" + colophon
    units = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line in ALLOW:
            continue
        if line.startswith(("Technical know-how:", "Improvement knowhow:", "Personal effectiveness:")):
            units.append(line.split(":")[0])
            continue
        line = re.sub(r"<input[^>]*>", " ", line)
        cells = re.split(r"\t|</p>\s*<p>", line)
        for cell in cells:
            cell = re.sub(r"<[^>]+>", " ", cell).replace("*", "")
            cell = re.sub(r"^-\s*>?\s*|^>\s*", "", cell.strip())
            cell = re.sub(r"\s*\((?:for example, )?[^()]*?, (?:19|20)\d\d\)", "", cell)
            for narrative in NARRATIVE:
                cell = cell.replace(narrative, "")
            for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z‘'(])", cell):
                sentence = normalise(sentence).rstrip(":")
                if len(sentence) > 1 and not re.fullmatch(r"[-.;,() ]*", sentence):
                    units.append(sentence)
    return units + FLATTENED_ITEMS


#: Pages the editors made, which quote the briefing to lead to it (cards, glossary
#: entries, the map, the link lists): a sentence found only there is lost from its place.
#: The About page is not one of them: it holds the briefing's colophon.
QUOTING_PAGES = {"index.md", "glossary.md", "concept-map.md", "link-to-this-guide.md", "tags.md",
                 "workshop-materials.md"}


def briefing_articles(site):
    """The articles of the pages that carry the briefing (copies), without their
    editorial boxes (admonitions titled "Editorial …")."""
    for page in toolkit.pages():
        if page.src_uri in QUOTING_PAGES:
            continue
        article = site.article(page.dest_uri)
        if article is None:
            continue
        article = article.__copy__()
        for box in article.select(".admonition"):
            if site.is_editorial_box(box):
                box.decompose()
        yield article


def site_text(site) -> str:
    """The text of the pages that carry the briefing, without its editorial boxes,
    citations and permalinks."""
    chunks = []
    for article in briefing_articles(site):
        for node in article.select("span.citation, a.headerlink"):
            node.decompose()
        text = article.get_text(" ")
        text = re.sub(r"\((?:for example,)?[\s;,]*\)", "", text)
        chunks.append(normalise(text))
    return "\n".join(chunks)


#: Authors the briefing abbreviates in its citations and the site writes out (the
#: bibliography page's editorial note says so): first word of each.
CITED_AS = {"LGA": "Local", "CQC": "Care", "BASW": "British", "RCOT": "Royal"}


def _cited_works(group: str) -> tuple | None:
    """("Ghate", "2013") for each work of a citation group such as "Ghate et al., 2013;
    for example, Gronn, 2002" or "Care Act 2014": first word of the author (or of an
    Act's title) and year. None if a part is not of that form."""
    works = []
    for part in group.split(";"):
        part = re.sub(r"^\s*for example,\s*", "", part.strip())
        match = re.fullmatch(r"(?P<who>.+?),?\s+\(?(?P<year>(?:19|20)\d\d)[a-z]?\)?", part)
        if match is None:
            return None
        first = match["who"].split()[0].rstrip(",")
        works.append((CITED_AS.get(first, first), match["year"]))
    return tuple(works)


def test_every_citation_of_the_briefing_is_on_the_site(site):
    """The briefing's citations, group by group (works and years; the style may write the
    authors out), are the citations of the pages that carry it, outside the editorial
    boxes: none lost, none added. The edition's own citations of the briefing itself
    (About) are not the briefing's."""
    body = SOURCE.read_text(encoding="utf-8").split("\nReferences\n", 1)[0]
    source = Counter()
    for group in re.findall(r"\(([^()]*?(?:19|20)\d\d[a-z]?)\)", body):
        if not re.fullmatch(r"\d{4}", group):  # "(2018)" after a name: the narrative ones below
            source[_cited_works(group)] += 1
    for narrative in NARRATIVE:
        source[_cited_works(narrative)] += body.count(narrative)
    built = Counter()
    for article in briefing_articles(site):
        for span in article.select("span.citation"):
            if span.get("data-cites") == "miller2020":
                continue
            text = " ".join(span.get_text().split())
            built[_cited_works(text[1:-1] if text.startswith("(") else text)] += 1
    assert None not in source and None not in built
    assert sum(source.values()) > 45
    assert built == source, f"lost: {source - built}; added: {built - source}"


def test_source_is_the_briefing():
    units = source_units()
    assert len(units) > 250, "the source text was not read"
    assert any("wicked issues" in unit for unit in units)


def test_every_sentence_of_the_briefing_is_on_the_site(site):
    text = site_text(site)
    missing = [unit for unit in source_units() if normalise(unit) not in text]
    assert not missing, f"{len(missing)} pieces of the briefing are missing:\n" + "\n".join(missing[:40])


def _source_references() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    refs = text.split("\nReferences\n", 1)[1].split("\nResearch in Practice\n", 1)[0]
    return [line[2:] for line in refs.splitlines() if line.startswith("- ")]


def test_the_reference_list_has_37_entries():
    assert len(_source_references()) == 37


@pytest.fixture(scope="module")
def bibliography_entries(site) -> list[str]:
    """The bibliography page's entries, one normalised string each."""
    entries = site.article("bibliography/index.html").select(".csl-entry")
    return [normalise(entry.get_text(" ")).casefold() for entry in entries]


#: Authors the site spells differently from the briefing's reference list: its slip
#: "for" Social Workers, and two abbreviations spelled out (the bibliography page's
#: editorial note lists these changes; references.bib is the citations work's).
CORRECTED_NAMES = {
    "british association for social workers": "british association of social workers",
    "nhse": "nhs england",
    "scie": "social care institute for excellence",
}


@pytest.mark.parametrize("reference", _source_references(), ids=lambda r: r[:30])
def test_every_reference_of_the_briefing_is_on_the_bibliography_page(bibliography_entries, reference):
    """Each reference of the briefing is ONE entry of the bibliography that holds its
    title and its year, and begins with its first author (or issuing body, or the Act's name)."""
    match = re.match(r"(?P<authors>.*?)\s*\(?(?P<year>\d{4})\)?\.?\s*(?P<rest>.*)", reference)
    assert match, reference
    rest = re.sub(r"[*<>]", "", match["rest"])
    title = normalise(rest[:28] if rest else match["authors"]).casefold()
    first = normalise(re.split(r"[,(]", match["authors"])[0]).casefold()
    names = {first, CORRECTED_NAMES.get(first, first)}
    year = re.compile(rf"\b{match['year']}[a-z]?\b")
    with_title = [entry for entry in bibliography_entries if title in entry]
    assert with_title, f"title of '{reference[:60]}' ({title!r}) on no bibliography entry"
    holding = [entry for entry in with_title if year.search(entry) and entry.startswith(tuple(names))]
    assert len(holding) == 1, (
        f"'{reference[:60]}': {len(holding)} entries hold its title, year {match['year']} and {first!r}; "
        f"entries with the title: {[entry[:100] for entry in with_title]}"
    )
    # Every person the briefing names ("Surname, I." before the year) is named in the entry too.
    people = re.findall(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*), (?:[A-Z]\. ?)+", match["authors"])
    assert people or not re.search(r", [A-Z]\.", match["authors"]), reference
    missing = [name for name in people if normalise(name).casefold() not in holding[0]]
    assert not missing, f"'{reference[:60]}': the entry leaves out {missing}"
