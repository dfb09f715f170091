"""Printing (issue 4): print stylesheet, whole-guide print view, workshop PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, nav_pages

sys.path.insert(0, str(ROOT / "scripts"))
import make_pdfs  # noqa: E402
from sl_guide.hooks.print_view import PDFS, SOURCE, mark_external_links  # noqa: E402

SOURCE_TEXT = "Source: Miller, R. (2020) Systems leadership – enhancing the role of social care. Research in Practice."
NAV_WORDS = ["Skip to content", "Search", "Table of contents", "Back to top", "Switch to dark mode",
             "Switch to light mode", "Previous", "Next", "Link to this section", "¶"]
HANDOUT_HEADINGS = {
    "self-assessment-worksheet.pdf": ["Self-assessment for leaders in social care in relation to systems leadership",
                                      "Systems leadership elements", "Actions I will take"],
    "six-dimensions.pdf": ["Ways of feeling", "Ways of perceiving", "Ways of thinking"],
    "toronto-skills-and-table-3.pdf": ["Leadership skills for integrated health and care systems", "Framing and re-framing issues",
                                       "Sharing power", "Leadership approaches which underpin systems leadership",
                                       "Table 3: Leadership approaches which underpin systems leadership"],
    "four-debates.pdf": ["Debate 1", "Debate 2", "Debate 3", "Debate 4"],
    "thurrock-and-wigan-examples.pdf": ["Local Area Coordination in Thurrock", "Wigan Deal"],
}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(path: Path) -> str:
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return flat(proc.stdout)


@pytest.fixture(scope="session")
def pdf_site(site, tmp_path_factory, browser):
    """A copy of the built site with the PDFs of ``make pdf`` written into it (once)."""
    dest = tmp_path_factory.mktemp("pdf-site") / "site"
    shutil.copytree(site.root, dest)
    written = make_pdfs.render(dest, dest / "pdf", browser)
    assert sorted(path.name for path in written) == sorted(PDFS)
    return dest


# --- Footer line, link marks ------------------------------------------------------------


def test_every_page_has_a_print_footer_with_its_own_url_and_the_source(site):
    for path in site.pages():
        soup = site.soup(site.rel(path))
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        footers = soup.select(".md-content > .print-footer")
        assert len(footers) == 1, path
        text = flat(footers[0].get_text())
        assert f"Printed from {canonical}." in text, path
        assert SOURCE_TEXT in text, path


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


# --- Whole-guide print view -------------------------------------------------------------


@pytest.fixture(scope="session")
def print_page(site):
    return BeautifulSoup((site.root / "print_page" / "index.html").read_text(encoding="utf-8"), "lxml")


def test_print_page_has_no_duplicate_ids_and_every_anchor_resolves(print_page):
    ids = Counter(node["id"] for node in print_page.select("[id]"))
    assert not [key for key, count in ids.items() if count > 1]
    broken = [a["href"] for a in print_page.select('a[href^="#"]') if a["href"] != "#" and a["href"][1:] not in ids]
    assert not broken


def test_print_page_has_one_merged_bibliography(print_page, site):
    entries = print_page.select("p.csl-entry")
    bibliography = site.soup("bibliography/index.html").select("p.csl-entry")
    assert len(entries) == len(bibliography) > 30
    assert all(entry.find_parent("section", id="bibliography") for entry in entries)
    headings = [h for h in print_page.select("h2") if flat(h.get_text()) == "References"]
    about = [h for h in headings if h.find_parent("section", id="about")]
    assert len(headings) == len(about) <= 1  # "About › References" is prose, not a list of entries
    citations = print_page.select("a.citation")
    assert citations and all(a["href"].startswith("#bibliography-ref-") for a in citations)


def test_print_page_holds_every_page_in_nav_order_with_a_table_of_contents(print_page, site):
    sections = [s["id"] for s in print_page.select("section.print-page[id]") if "md-section" not in s["class"]]
    expected = []
    for src in nav_pages():
        expected.append(make_pdfs.page_url(src).rstrip("/").replace("/", "-") or "index")
    assert sections == expected
    assert print_page.select_one("#print-page-toc")
    assert flat(print_page.select_one(".print-footer").get_text()).startswith("Printed from ")


# --- Print stylesheet in the browser ----------------------------------------------------


@pytest.mark.browser
def test_print_media_keeps_only_the_content(page, server):
    page.goto(server + "toronto-skills/")
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
    assert after[1] == f'" (" attr(href) ")"' or after[0] in after[1]


# --- PDFs ------------------------------------------------------------------------------


def test_pdfs_are_written_into_the_site_and_linked_from_workshop_materials(pdf_site):
    soup = BeautifulSoup((pdf_site / "workshop-materials" / "index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = [a["href"] for a in soup.select("article a[href$='.pdf']")]
    assert sorted(Path(h).name for h in hrefs) == sorted(PDFS)
    for href in hrefs:
        target = (pdf_site / "workshop-materials" / href).resolve()
        assert target.is_file() and target.read_bytes()[:5] == b"%PDF-", href
    view = soup.select_one('article a[href$="print_page/index.html"]')
    assert view and (pdf_site / "workshop-materials" / view["href"]).resolve().is_file()


@pytest.mark.parametrize("name", sorted(PDFS))
def test_pdf_is_tagged_with_an_outline_and_no_navigation(pdf_site, name):
    path = pdf_site / "pdf" / name
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, f"{name} is not tagged"
    assert reader.outline, f"{name} has no outline"
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    text = pdf_text(path)
    for word in NAV_WORDS:
        if word == "¶" and name == "systems-leadership-whole-guide.pdf":
            continue  # "Link to this guide" names the symbol in its prose
        assert word not in text, f"{name} shows navigation text {word!r}"
    assert SOURCE_TEXT in text
    for heading in HANDOUT_HEADINGS.get(name, []):
        assert heading in text, f"{name} lacks {heading!r}"


def test_worksheet_is_one_a4_page(pdf_site):
    reader = PdfReader(str(pdf_site / "pdf" / "self-assessment-worksheet.pdf"))
    assert len(reader.pages) == 1
    text = pdf_text(pdf_site / "pdf" / "self-assessment-worksheet.pdf")
    assert text.count("1 2 3 4 5") == 5


def test_whole_guide_pdf_holds_every_page_title(pdf_site, site):
    text = pdf_text(pdf_site / "pdf" / "systems-leadership-whole-guide.pdf")
    for src in nav_pages():
        h1 = site.soup(make_pdfs.page_url(src) + "index.html").select_one("article h1")
        title = flat(h1.get_text()).rstrip("¶").strip()
        assert title in text, f"whole guide lacks the title of {src}: {title!r}"
    assert text.count("Cited on:") > 0  # the merged bibliography
    assert "127.0.0.1" not in text  # no internal link printed as a URL


def test_make_pdfs_fails_clearly_without_a_site(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdfs.py"), str(tmp_path / "nowhere")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "nowhere" in proc.stderr and "no built site" in proc.stderr


def test_print_page_shows_the_link_labels(site):
    """The whole-guide page carries the "Link to this guide" labels, not placeholders."""
    soup = site.soup("print_page/index.html")
    text = soup.get_text(" ")
    assert "XDEEPLINKX" not in text
    section = soup.select_one("section.print-page#link-to-this-guide") or soup
    assert "Ways of feeling" in section.get_text(" ")


def test_print_site_assets_only_on_the_print_page(site):
    """mkdocs-print-site-plugin's CSS and script load on its own page, not on every page."""
    assets = 'link[href*="print-site"], script[src*="print-site"]'
    assert site.soup("print_page/index.html").select(assets)
    for page in site.pages():
        assert not site.soup(site.rel(page)).select(assets), site.rel(page)
