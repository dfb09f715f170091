"""The print kit (issue 12 items 3–6 and 8; issue 14 item 4): the paper footer,
the whole guide on one page (print_page/), the handouts declared once in
mkdocs.yml extra.handouts, their PDFs, and no dead links in any build.

The PDFs are made as ``make pdf`` makes them: a build, :func:`sl_guide.pdfs.render`
into a folder, then a build with ``PDF_DIR`` pointing at it. They are checked with
independent tools: pypdf (pages, outline, named destinations), pdftotext (text),
pdftoppm + zbarimg (the QR codes as a phone would read them).
"""

from __future__ import annotations

import functools
import posixpath
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from sl_guide.handouts import (
    HandoutError,
    PrintContext,
    human_size,
    parse_handouts,
    section_key,
    to_print_section,
)
from sl_guide.pdfs import handouts as configured_handouts
from sl_guide.pdfs import render
from sl_guide.print_kit import mark_external_links
from sl_guide.toolkit import (
    ROOT,
    axe_violations,
    build,
    describe_violations,
    load_config,
    nav_pages,
    need_tool,
    pdf_text,
    project_copy,
    url_of,
)

CONFIG = load_config()
GUIDE = CONFIG.extra["guide"]
HANDOUTS = configured_handouts()
WHOLE = next(h for h in HANDOUTS if h.whole_guide)
PLUGIN = CONFIG.plugins["sl-print"].config
NAV_WORDS = ["Skip to content", "Search", "Table of contents", "Back to top", "Switch to dark mode",
             "Switch to light mode", "Previous", "Next", "Link to this section", "¶"]
HANDOUT_HEADINGS = {
    "self-assessment-worksheet.pdf": ["Self-assessment for leaders in social care in relation to systems leadership",
                                      "Systems leadership elements", "Actions I will take"],
    "six-dimensions.pdf": ["Ways of feeling", "Ways of perceiving", "Ways of thinking"],
    "toronto-skills-and-table-3.pdf": ["Leadership skills for integrated health and care systems",
                                       "Framing and re-framing issues",
                                       "Sharing power", "Leadership approaches which underpin systems leadership",
                                       "Table 3: Leadership approaches which underpin systems leadership"],
    "four-debates.pdf": ["Debate 1", "Debate 2", "Debate 3", "Debate 4"],
    "thurrock-and-wigan-examples.pdf": ["Local Area Coordination in Thurrock", "Wigan Deal"],
}
#: A PDF page with less text than this (the bottom margin not counted) is near-empty.
MIN_PAGE_TEXT = 100
#: The bottom margin (points) left out when reading a page's body text: a handout's
#: (26 mm, address and QR code) and the whole guide's (18 mm, page number).
HANDOUT_MARGIN, GUIDE_MARGIN = 74, 51


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdftotext(path: Path, page: int | None = None, *, margin: int = 0, layout: bool = False) -> str:
    return flat(pdf_text(path, page, margin=margin, layout=layout))


def qr_codes(pdf: Path, page: int, tmp_path: Path) -> list[str]:
    """The QR codes zbarimg reads on one page of a PDF rendered at 150 dpi."""
    need_tool("zbarimg", "zbar-tools")
    png = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(png)],
                   check=True)
    proc = subprocess.run(["zbarimg", "--raw", "-q", f"{png}.png"], capture_output=True, text=True)
    return proc.stdout.split()


# --- Dead links ----------------------------------------------------------------------------


def dead_links(root: Path, site_url: str) -> list[str]:
    """Every link, script, stylesheet and image of every HTML file of a built site that
    points to a file (or an id) the site does not contain."""
    base = urlsplit(site_url).path or "/"
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            ids[path] = {node["id"] for node in soup.select("[id]")} | {a["name"] for a in soup.select("a[name]")}
        return ids[path]

    dead = []
    for page in sorted(root.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        if soup.select_one('meta[http-equiv="refresh"]'):
            continue
        for node in soup.select("a[href], link[href], script[src], img[src], source[src]"):
            ref = node.get("href") or node.get("src")
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "data:")):
                continue
            if node.name == "link" and "canonical" in node.get("rel", []):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base):
                    dead.append(f"{page.relative_to(root)}: {ref} (outside the base path {base})")
                    continue
                target = root / path[len(base):]
            elif path:
                target = (page.parent / path).resolve()
            else:
                target = page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{page.relative_to(root)}: {ref}")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                dead.append(f"{page.relative_to(root)}: {ref} (no such id)")
    return dead


def test_dead_link_check_finds_a_dead_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><body><h1 id="x">x</h1><a href="#x">ok</a><a href="../b/">b</a><a href="#y">y</a>'
        '<a href="../pdf/x.pdf">pdf</a><a href="https://example.org/">ext</a></body></html>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("<html></html>")
    assert dead_links(tmp_path, "https://example.org/") == ["a/index.html: #y (no such id)", "a/index.html: ../pdf/x.pdf"]


def test_no_dead_links_in_the_plain_build(site):
    """make build / make serve: every link leads to a file of the build, and no PDF is linked."""
    assert not dead_links(site.root, CONFIG.site_url)
    assert not (site.root / "pdf").exists()
    for path in site.root.rglob("*.html"):
        soup = site.soup(site.rel(path))
        assert not [a["href"] for a in soup.select('a[href$=".pdf"]') if not urlsplit(a["href"]).scheme], path


def test_no_dead_links_in_the_offline_build(offline_site):
    """make offline: the zip's pages link only to files it holds (no PDF, the print view as print_page.html)."""
    assert not dead_links(offline_site, CONFIG.site_url)
    assert (offline_site / "print_page.html").is_file()
    assert not list(offline_site.rglob("*.pdf"))
    soup = BeautifulSoup((offline_site / "workshop-materials.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('article a[href="print_page.html"]')
    assert "not part of this copy" in flat(soup.select_one("article").get_text())


# --- Handouts declared once ------------------------------------------------------------------


@pytest.mark.parametrize(("data", "message"), [
    (None, "expected a non-empty list"),
    ([{"file": "a.pdf", "title": "A"}], "[1]: missing key 'pages'"),
    ([{"file": "A b.pdf", "title": "A", "pages": ["a.md"]}], "[1].file: 'A b.pdf' is not a file name"),
    ([{"file": "a.pdf", "title": "A", "pages": ["a.md"]}, {"file": "a.pdf", "title": "B", "pages": ["b.md"]}],
     "[2].file: 'a.pdf' is listed twice"),
    ([{"file": "a.pdf", "title": "A", "pages": "a.md"}], "[1].pages: expected 'all' or a list"),
    ([{"file": "a.pdf", "title": "A", "pages": ["a.md"], "colour": "red"}], "[1]: unknown key(s) colour"),
    ([{"file": "a.pdf", "title": "A", "pages": ["a.md"], "one_page": "yes"}], "[1].one_page: expected true or false"),
])
def test_bad_handout_lists_are_refused_naming_entry_and_key(data, message):
    with pytest.raises(HandoutError) as error:
        parse_handouts(data)
    assert "mkdocs.yml extra.handouts" in str(error.value) and message in str(error.value)


def _missing_page_build(folder: Path):
    project = project_copy(folder / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pages: [debates.md]", "pages: [debate.md]"),
                      encoding="utf-8")
    return build(folder / "site", cwd=project)


def _empty_pdf_dir_build(folder: Path):
    (folder / "pdf").mkdir()
    return build(folder / "site", env={"PDF_DIR": str(folder / "pdf")})


#: The module's builds of a changed project or setting: test name -> build into a folder.
VARIANTS = {
    "test_a_handout_naming_a_missing_page_stops_the_build": _missing_page_build,
    "test_a_pdf_folder_without_the_pdfs_stops_the_build": _empty_pdf_dir_build,
    "test_print_view_can_be_switched_off": lambda folder: build(folder / "site", env={"PRINT_VIEW": "false"}),
}


def _variant(name: str, folder: Path):
    return VARIANTS[name](folder), folder


def _make_pdf(site, folder: Path):
    """What make pdf does: print the PDFs from the plain build (in a Chromium that
    ``render`` launches: the job runs in a thread of its own), then build the site
    again with PDF_DIR. Gives (PDF folder, PDFs written, the second build)."""
    written = render(site.root, folder / "pdf")
    return folder / "pdf", written, build(folder / "site", env={"PDF_DIR": str(folder / "pdf")})


def early_jobs(items, site) -> dict:
    """The VARIANTS builds of the selected tests, and make pdf's steps when a test reads
    the PDFs (conftest ``Early``: they start with the session, side by side, in the
    background)."""
    wanted = {item.originalname for item in items}
    jobs = {name: functools.partial(_variant, name) for name in VARIANTS if name in wanted}
    if any({"pdfs", "pdf_site"} & set(item.fixturenames) for item in items):
        jobs["make-pdf"] = functools.partial(_make_pdf, site)
    return jobs


@pytest.fixture(scope="module")
def variants(request, early):
    """``variants[test name].result()``: (build process, its folder)."""
    return early(request.module)


def test_a_handout_naming_a_missing_page_stops_the_build(variants):
    proc, _ = variants["test_a_handout_naming_a_missing_page_stops_the_build"].result()
    assert proc.returncode != 0
    assert "extra.handouts[5].pages: docs/debate.md does not exist" in proc.stderr


def test_a_pdf_folder_without_the_pdfs_stops_the_build(variants):
    """PDF_DIR names a folder where make pdf did not run: the build says which PDF is missing."""
    proc, folder = variants["test_a_pdf_folder_without_the_pdfs_stops_the_build"].result()
    assert proc.returncode != 0
    assert f"{folder / 'pdf' / WHOLE.file}: handout '{WHOLE.title}'" in proc.stderr and "run make pdf" in proc.stderr


def test_human_sizes():
    assert [human_size(n) for n in (300, 48_200, 999_400, 1_230_000)] == ["1 KB", "48 KB", "999 KB", "1.2 MB"]


def test_workshop_materials_lists_every_handout_without_links_in_a_plain_build(site):
    article = site.article(url_of("workshop-materials.md") + "index.html")
    assert flat(article.h1.get_text()).startswith("Workshop materials: handouts to print")
    assert not [t for t in article.select(".admonition-title") if "cross-references" in t.get_text()]
    rows = article.select("table tbody tr")
    assert [flat(row.td.get_text()) for row in rows] == [h.title for h in HANDOUTS]
    assert all(flat(row.select("td")[2].get_text()) == "not in this copy" for row in rows)
    text = flat(article.get_text())
    assert f"published with the online edition at {CONFIG.site_url}workshop-materials/" in text
    assert "make pdf" in text


def test_no_page_links_to_a_handout_in_a_plain_build(site):
    for path in site.pages():
        assert not site.soup(site.rel(path)).select(".handout-link"), path


# --- Footer line, link marks ------------------------------------------------------------


def test_every_page_has_a_print_footer_with_its_own_url_and_the_source(site):
    for path in site.pages() + [site.root / "print_page" / "index.html"]:
        soup = site.soup(site.rel(path))
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        footers = soup.select(".md-content > .print-footer")
        assert len(footers) == 1, path
        text = flat(footers[0].get_text())
        assert f"Printed from {canonical}." in text, path
        assert GUIDE["attribution"] in text, path


def test_external_links_are_marked_for_their_url_unless_the_text_is_the_url():
    html = (
        '<a href="https://example.org/a">Example</a> '
        '<a href="https://example.org/b">https://example.org/b</a> '
        '<a href="https://example.org/c/">example.org/c</a> '
        '<a class="x" href="https://example.org/d">D</a> '
        '<a href="#ref-key" class="citation">Miller, 2020</a> <a href="../page/">Page</a>'
    )
    soup = BeautifulSoup(mark_external_links(html), "html.parser")
    marked = [a["href"] for a in soup.select("a.print-url")]
    assert marked == ["https://example.org/a", "https://example.org/d"]
    assert soup.select_one('a[href="https://example.org/d"]')["class"] == ["print-url", "x"]


def test_built_pages_mark_external_links_and_never_citations(site):
    soup = site.soup("examples/index.html")
    links = soup.select('article a[href^="http"]')
    assert links and not any("print-url" in a.get("class", []) for a in links)  # text is the URL
    soup = site.soup("further-reading/index.html")
    assert soup.select("article a.print-url")
    for path in site.pages():
        assert not site.soup(site.rel(path)).select("a.citation.print-url"), path


# --- Whole guide on one page -------------------------------------------------------------


def test_a_page_becomes_a_section_of_the_print_view():
    ctx = PrintContext({"a/": "a", "b/c/": "b-c", "bibliography/": "bibliography"}, "print_page/", "bibliography",
                       {"ref-x2020"})
    html = ('<h1 id="t">T</h1><p>See <a href="#s">s</a>, <a href="../b/c/#d">d</a>, <a href="../b/c/">c</a>, '
            '<a class="citation" href="#ref-x2020">X</a>, <a href="../downloads/r.bib">bib</a>, <a xlink:href="../a/#q">q</a>, '
            '<a href="https://e.org/#x">e</a>.</p><label for="f">F</label><svg aria-labelledby="t s" fill="#fff"></svg>'
            '<p data-source-of="t">(X, 2020)</p><h2 id="references">References</h2><p class="csl-entry" id="ref-x2020">X (2020)</p>')
    out = to_print_section(html, "a/", ctx, drop_references=True)
    soup = BeautifulSoup(out, "html.parser")
    assert soup.select("a")[5]["xlink:href"] == "#a-q"
    assert [a.get("href") for a in soup.select("a")] == [
        "#a-s", "#b-c-d", "#b-c", "#bibliography-ref-x2020", "../downloads/r.bib", None, "https://e.org/#x"]
    assert soup.h1["id"] == "a-t" and soup.label["for"] == "a-f"
    assert soup.svg["aria-labelledby"] == "a-t a-s" and soup.svg["fill"] == "#fff"
    assert soup.select_one("[data-source-of]")["data-source-of"] == "a-t"
    assert "References" not in out and "csl-entry" not in out
    assert section_key("examples/wigan/") == "examples-wigan" and section_key("") == "index"
    assert section_key("examples/wigan.html") == "examples-wigan"


@pytest.fixture(scope="session")
def print_page(site):
    return BeautifulSoup((site.root / "print_page" / "index.html").read_text(encoding="utf-8"), "lxml")


def test_print_page_has_no_duplicate_ids_and_every_anchor_resolves(print_page):
    ids = Counter(node["id"] for node in print_page.select("[id]"))
    assert not [key for key, count in ids.items() if count > 1]
    broken = [a["href"] for a in print_page.select('a[href^="#"]') if a["href"] != "#" and a["href"][1:] not in ids]
    assert not broken
    referring = ["for", "aria-labelledby", "aria-describedby", "aria-controls", "data-source-of"]
    dangling = [f"{name}={ref}" for name in referring for node in print_page.select(f"[{name}]")
                for ref in node[name].split() if ref not in ids]
    assert not dangling
    assert print_page.select("[data-source-of]")


def test_print_page_has_one_merged_bibliography_at_the_end(print_page, site):
    entries = print_page.select("p.csl-entry")
    bibliography = site.soup("bibliography/index.html").select("p.csl-entry")
    assert len(entries) == len(bibliography) > 30
    assert all(entry.find_parent("section", id="bibliography") for entry in entries)
    assert print_page.select("section.print-page")[-1]["id"] == "bibliography"
    headings = [h for h in print_page.select("h2") if flat(h.get_text()).rstrip("¶").strip() == "References"]
    about = [h for h in headings if h.find_parent("section", id="about")]
    assert len(headings) == len(about) <= 1  # "About › References" is prose, not a list of entries
    citations = print_page.select("a.citation")
    assert citations and all(a["href"].startswith("#bibliography-ref-") for a in citations)


def test_print_page_holds_every_page_in_nav_order_but_the_excluded_ones(print_page):
    sections = [s["id"] for s in print_page.select("section.print-page[id]")]
    expected = [section_key(url_of(src)) for src in nav_pages()
                if src not in PLUGIN.exclude and src != PLUGIN.bibliography] + ["bibliography"]
    assert sections == expected
    assert "tags" not in sections and "link-to-this-guide" not in sections
    for src in nav_pages():
        if src in PLUGIN.exclude:
            continue
        section = print_page.select_one(f"section.print-page#{section_key(url_of(src))}")
        assert section is not None, src  # no fallback to the whole page: a missing section fails here
        assert section.h1 is not None, src


def test_print_page_link_labels_are_filled_in(print_page):
    """Labels that hooks fill in late (after rendering) are in the print view too."""
    assert "XDEEPLINKX" not in print_page.get_text(" ")
    section = print_page.select_one("section.print-page#six-dimensions")
    assert section is not None and "Ways of feeling" in section.get_text(" ")


def test_print_page_cover_and_contents(print_page):
    cover = print_page.select_one("article .print-cover")
    text = flat(cover.get_text(" "))
    for value in (GUIDE["title"], GUIDE["author"], GUIDE["publisher"], GUIDE["published"], CONFIG.site_url, "How to cite"):
        assert value in text
    assert print_page.select_one("article h1")["id"] == "print-cover-title"
    assert print_page.select_one("a.md-skip")["href"] == "#print-cover-title"
    qr = cover.select_one("img.print-cover__qr")
    assert qr["src"].startswith("data:image/svg+xml") and CONFIG.site_url in qr["alt"]
    toc = print_page.select_one("nav.print-toc")
    targets = [span["data-target"] for span in toc.select(".print-toc__page")]
    assert targets and all(print_page.find(id=t) for t in targets)
    assert [a["href"][1:] for a in toc.select(".print-toc__list > li > a")] == [
        s["id"] for s in print_page.select("section.print-page[id]")]


def test_print_view_can_be_switched_off(variants):
    """PRINT_VIEW=false (the benchmark's build without the print view): no print_page/, no link to it."""
    proc, folder = variants["test_print_view_can_be_switched_off"].result()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not (folder / "site" / "print_page").exists()
    assert not dead_links(folder / "site", CONFIG.site_url)
    text = (folder / "site" / "workshop-materials" / "index.html").read_text(encoding="utf-8")
    assert "print_page" not in text and WHOLE.title not in text


# --- Print stylesheet in the browser ----------------------------------------------------


@pytest.mark.browser
def test_print_media_keeps_only_the_content(page, server):
    page.goto(server + "toronto-skills/")
    # On screen the paper footer is hidden (print.css loads for print only: its screen rule lives in guide.css).
    assert page.evaluate("getComputedStyle(document.querySelector('.print-footer')).display") == "none"
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => {
        const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
        const sel = ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-search',
                     '.md-footer', '.md-top', '[data-md-component=palette]', '.headerlink', '.md-skip'];
        return Object.fromEntries(sel.map(s => [s, !shown(document.querySelector(s))]));
    }""")
    assert all(hidden.values()), hidden
    style = page.evaluate("""() => {
        const cs = (s, p) => getComputedStyle(document.querySelector(s), p || null);
        return {h2: cs('article h2').breakAfter,
                footer: cs('.print-footer').display,
                refs: cs('#references').display,
                cite: cs('a.citation', '::after').content};
    }""")
    assert style["h2"] == "avoid"
    assert style["footer"] == "block" and style["refs"] != "none"
    assert style["cite"] in ("none", "normal")
    page.goto(server + "leadership-approaches/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('article tbody tr')).breakInside") == "avoid"
    page.goto(server + "further-reading/")
    page.emulate_media(media="print")
    after = page.evaluate("""() => { const a = document.querySelector('article a.print-url');
        return [a.getAttribute('href'), getComputedStyle(a, '::after').content]; }""")
    assert after[1] == '" (" attr(href) ")"' or after[0] in after[1]


#: The width of print.css's A4 page inside its margins (210 mm - 2 x 16 mm), in CSS px.
A4_TEXT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["debates/", "why-now/", "leadership-approaches/", "glossary/",
                                  "self-assessment/", "bibliography/"])
def test_no_printed_text_reaches_past_the_paper(pages, server, path):
    """Laid out for print at the A4 text width, every line of the article lies within the
    paper: text pulled past the edge by a screen margin is cut off on paper."""
    page = pages(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    page.goto(server + path)
    page.emulate_media(media="print")
    try:
        outside = page.evaluate("""width => {
            const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) {
                    if (r.width && (r.left < -0.5 || r.right > width + 0.5)) {
                        found.push(`${node.textContent.trim().slice(0, 40)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
                    }
                }
            }
            return found;
        }""", A4_TEXT_WIDTH)
    finally:
        page.emulate_media(media="screen")
    assert not outside, outside


@pytest.mark.browser
@pytest.mark.parametrize("url", ["self-assessment/", "why-now/"])
def test_a_page_printed_in_the_dark_palette_is_legible_on_white_paper(pages, server, url):
    """A reader in the dark palette prints on white paper: axe-core's contrast rule,
    run in print media, finds every text legible (a citation kept the dark palette's
    accent, about 2.5:1 on white)."""
    page = pages(color_scheme="dark")
    page.goto(server + url)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    try:
        violations = axe_violations(page, {"include": ["article"]})
    finally:
        page.emulate_media(media="screen", color_scheme="dark")
    assert not [v for v in violations if v["id"] == "color-contrast"], describe_violations(violations)


def test_cite_text_prints_under_its_heading_but_not_in_the_print_view(page, server):
    """A closed "Cite this section" box (the citations plugin's <details class="cite-section">)
    prints its text on a page; the whole guide leaves it out."""
    box = ('<details class="cite-section"><summary>Cite this section</summary>'
           '<p class="cite-text">Miller, R. (2020) CITE</p></details>')
    script = """box => { document.querySelector('article h2').insertAdjacentHTML('afterend', box);
        const p = document.querySelector('details.cite-section .cite-text');
        return p.checkVisibility(); }"""
    page.goto(server + "six-dimensions/")
    page.emulate_media(media="print")
    assert page.evaluate(script, box)
    page.emulate_media(media="screen")
    assert not page.evaluate("() => document.querySelector('details.cite-section .cite-text').checkVisibility()")
    page.goto(server + "print_page/")
    page.emulate_media(media="print")
    assert not page.evaluate(script.replace("'article h2'", "'.print-page h2'"), box)


# --- print_page/ is a first-class page -------------------------------------------------------
# axe (light and dark, 1280 and 390 px) and the Nu checker run on print_page/ with every other
# page: tests/test_a11y.py (the crawls of tests/conftest.py list it) and tests/test_html_validity.py.


# --- PDFs, as make pdf makes them -----------------------------------------------------------


@pytest.fixture(scope="module")
def made_pdf(request, early, browser):
    """make pdf's steps (an early job): the PDFs' folder and the site built with them
    (``browser`` is asked for its check that Chromium is there)."""
    return early(request.module)["make-pdf"]


@pytest.fixture(scope="module")
def pdfs(made_pdf):
    """The PDFs printed from the plain build (make pdf's second step)."""
    folder, written, _ = made_pdf.result()
    assert sorted(path.name for path in written) == sorted(h.file for h in HANDOUTS)
    return folder


@pytest.fixture(scope="module")
def pdf_site(made_pdf):
    """The site built again with PDF_DIR (make pdf's last step)."""
    folder, _, proc = made_pdf.result()
    assert proc.returncode == 0, proc.stderr[-3000:]
    return folder.parent / "site"


def test_pdf_build_publishes_and_links_every_pdf_with_pages_and_size(pdf_site, pdfs):
    assert not dead_links(pdf_site, CONFIG.site_url)
    page = pdf_site / "workshop-materials" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    rows = soup.select("article table tbody tr")
    assert len(rows) == len(HANDOUTS)
    for handout, row in zip(HANDOUTS, rows, strict=True):
        link = row.select_one("td a[href$='.pdf']")
        assert link is not None and flat(link.get_text()) == handout.title
        target = (page.parent / link["href"]).resolve()
        assert target == (pdf_site / "pdf" / handout.file).resolve()
        assert target.read_bytes() == (pdfs / handout.file).read_bytes()
        count = len(PdfReader(str(target)).pages)
        size = target.stat().st_size
        label = flat(row.select("td")[2].get_text())
        assert label == f"PDF, {count} page{'s' if count > 1 else ''}, {round(size / 1000)} KB", label
    assert "not part of this copy" not in flat(soup.select_one("article").get_text())


def test_each_page_of_a_handout_links_to_it(pdf_site):
    pages_with_handouts = {src: h for h in HANDOUTS for src in h.pages}
    for src in nav_pages():
        soup = BeautifulSoup((pdf_site / url_of(src) / "index.html").read_text(encoding="utf-8"), "lxml")
        notes = soup.select("article .handout-link")
        if src not in pages_with_handouts:
            assert not notes, src
            continue
        assert len(notes) == 1, src
        link = notes[0].select_one("a[href$='.pdf']")
        assert posixpath.basename(link["href"]) == pages_with_handouts[src].file
        assert (pdf_site / url_of(src) / link["href"]).resolve().is_file()


@pytest.mark.parametrize("handout", HANDOUTS, ids=lambda h: h.file)
def test_pdf_is_tagged_a4_with_an_outline_and_no_navigation(pdfs, handout):
    path = pdfs / handout.file
    reader = PdfReader(str(path))
    assert "/StructTreeRoot" in reader.trailer["/Root"], f"{handout.file} is not tagged"
    assert reader.outline, f"{handout.file} has no outline"
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    text = pdftotext(path)
    for word in NAV_WORDS:
        assert word not in text, f"{handout.file} shows navigation text {word!r}"
    assert "127.0.0.1" not in text
    for heading in HANDOUT_HEADINGS.get(handout.file, []):
        assert heading in text, f"{handout.file} lacks {heading!r}"


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((flat(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


@pytest.mark.parametrize("handout", HANDOUTS, ids=lambda h: h.file)
def test_no_near_empty_page_and_no_page_ends_with_a_heading(pdfs, handout):
    path = pdfs / handout.file
    reader = PdfReader(str(path))
    headings = _outline(reader)
    for number in range(1, len(reader.pages) + 1):
        body = pdftotext(path, number, margin=GUIDE_MARGIN if handout.whole_guide else HANDOUT_MARGIN)
        assert len(body.replace(" ", "")) >= MIN_PAGE_TEXT, f"{handout.file} page {number} is near-empty: {body!r}"
        for title, page in headings:
            if page == number:
                assert not body.endswith(title), f"{handout.file} page {number} ends with the heading {title!r}"


def test_links_in_the_pdfs_lead_to_the_online_edition(pdfs):
    for handout in HANDOUTS:
        reader = PdfReader(str(pdfs / handout.file))
        uris = [annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots", [])
                if annot.get_object().get("/A") and "/URI" in annot.get_object()["/A"]]
        assert not [u for u in uris if "127.0.0.1" in u], handout.file


@pytest.mark.parametrize("handout", [h for h in HANDOUTS if not h.whole_guide], ids=lambda h: h.file)
def test_every_handout_page_names_and_encodes_the_address_of_its_page(pdfs, handout, site, tmp_path):
    """Footer text and the QR code (decoded by zbarimg from the rendered page) give the page's address."""
    addresses = [site.soup(url_of(src) + "index.html").select_one('link[rel="canonical"]')["href"] for src in handout.pages]
    path = pdfs / handout.file
    seen = []
    for number in range(1, len(PdfReader(str(path)).pages) + 1):
        text = pdftotext(path, number)
        on_page = [a for a in addresses if f"Online: {a}" in text]
        assert len(on_page) == 1, f"{handout.file} page {number}: footer addresses {on_page}"
        assert GUIDE["attribution"] in text
        assert qr_codes(path, number, tmp_path) == on_page, f"{handout.file} page {number}"
        seen += on_page
    assert sorted(set(seen)) == sorted(addresses)  # each page of the handout has its own sheets


def test_worksheet_is_one_a4_page(pdfs):
    handout = next(h for h in HANDOUTS if h.one_page)
    reader = PdfReader(str(pdfs / handout.file))
    assert len(reader.pages) == 1
    assert "Systems leadership elements" in pdftotext(pdfs / handout.file)


def test_whole_guide_cover(pdfs, tmp_path):
    path = pdfs / WHOLE.file
    cover = pdftotext(path, 1)
    for value in (GUIDE["title"], GUIDE["author"], f"{GUIDE['publisher']}, {GUIDE['published']}", CONFIG.site_url,
                  "How to cite", "Miller, R. (2020)"):
        assert value in cover, value
    assert re.search(r"Online edition, version of \d{1,2} \w+ \d{4}", cover)
    assert qr_codes(path, 1, tmp_path) == [CONFIG.site_url]


def test_whole_guide_contents_give_the_right_page_numbers(pdfs, print_page):
    """The number after each contents entry is the page pypdf finds its section on."""
    path = pdfs / WHOLE.file
    reader = PdfReader(str(path))
    destinations = {name.lstrip("/"): reader.get_destination_page_number(d) + 1
                    for name, d in reader.named_destinations.items()}
    contents = " ".join(pdftotext(path, number, layout=True) for number in (2, 3, 4))
    entries = print_page.select("nav.print-toc a.print-toc__link")  # pages and their sections, in order
    assert len(entries) > 60
    position = 0
    for entry in entries:
        key = entry["href"][1:]
        title = flat(entry.select_one(".print-toc__title").get_text())
        match = re.compile(re.escape(title) + r" (\d+)").search(contents, position)
        assert match, f"contents lack {title!r} with a page number"
        assert int(match[1]) == destinations[key], f"{title}: contents say {match[1]}, it is on {destinations[key]}"
        position = match.end()


def test_whole_guide_has_no_tags_page_and_lists_each_work_once(pdfs, site):
    text = pdftotext(pdfs / WHOLE.file)
    entries = site.soup("bibliography/index.html").select("p.csl-entry")
    assert text.count("Cited on:") == len(entries)
    assert "Tags" not in [flat(title) for title, _ in _outline(PdfReader(str(pdfs / WHOLE.file)))]
    for src in nav_pages():
        if src in PLUGIN.exclude:
            continue
        title = flat(site.soup(url_of(src) + "index.html").select_one("article h1").get_text()).rstrip("¶").strip()
        assert title in text, f"whole guide lacks the title of {src}: {title!r}"


def test_make_pdfs_fails_clearly_without_a_site(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdfs.py"), str(tmp_path / "nowhere")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "nowhere" in proc.stderr and "no built site" in proc.stderr
