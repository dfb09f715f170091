"""Nothing of the 2020 briefing is lost: every sentence, list item, quote and
table cell of the source text appears in the built site (issue 2, 8e and 8f)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from conftest import ROOT

SOURCE = ROOT / "tests" / "data" / "systems-leadership-briefing.txt"

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
        if line.startswith("Technical know-how:") or line.startswith("Improvement knowhow:") or line.startswith("Personal effectiveness:"):
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


def site_text(site) -> str:
    chunks = []
    for page in site.pages():
        article = site.article(site.rel(page))
        if article is None:
            continue
        article = article.__copy__()
        for node in article.select("a.citation, a.headerlink"):
            node.decompose()
        text = article.get_text(" ")
        text = re.sub(r"\((?:for example,)?[\s;,]*\)", "", text)
        chunks.append(normalise(text))
    return "\n".join(chunks)


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


@pytest.mark.parametrize("reference", _source_references(), ids=lambda r: r[:30])
def test_every_reference_of_the_briefing_is_on_the_bibliography_page(site, reference):
    page = normalise(site.article("bibliography/index.html").get_text(" ")).casefold()
    match = re.match(r"(?P<authors>.*?)\s*\(?(?P<year>\d{4})\)?\.?\s*(?P<rest>.*)", reference)
    assert match, reference
    rest = re.sub(r"[*<>]", "", match["rest"])
    title = rest[:28] if rest else match["authors"]
    assert normalise(title).casefold() in page, f"title of '{reference[:60]}' not on the bibliography page"
    assert match["year"] in page
