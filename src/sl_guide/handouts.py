"""The handouts and the whole-guide print view: plain Python, no MkDocs import.

The PDFs of the guide are declared once, in ``mkdocs.yml`` ``extra.handouts``::

    extra:
      handouts:
        - file: six-dimensions.pdf          # written to pdf/ in the site
          title: Six dimensions of system leaders
          pages: [six-dimensions.md]        # docs/ source paths, printed in this order
        - file: systems-leadership-whole-guide.pdf
          title: The whole guide
          pages: all                        # the print view (print_page/)
        - file: self-assessment-worksheet.pdf
          title: Self-assessment worksheet
          pages: [self-assessment.md]
          one_page: true                    # make pdf fails if it runs over one A4 sheet

The MkDocs plugin (:mod:`sl_guide.print_kit`), the PDF printer
(:mod:`sl_guide.pdfs`, ``make pdf``) and the tests read it through
:func:`parse_handouts`. This module also holds what both sides need: the QR
codes (segno), the size and page count of a PDF (pypdf), and the rewriting of a
page's rendered HTML into a section of the print view.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WHOLE_GUIDE = "all"


class HandoutError(ValueError):
    """``extra.handouts`` is malformed; the message names the entry and key."""


@dataclass(frozen=True)
class Handout:
    file: str  # "six-dimensions.pdf" (under pdf/ in the site)
    title: str
    pages: tuple[str, ...]  # docs/ source paths; () for the whole guide
    one_page: bool = False

    @property
    def whole_guide(self) -> bool:
        return not self.pages

    @property
    def path(self) -> str:
        """Path in the built site: ``pdf/NAME.pdf``."""
        return f"pdf/{self.file}"


def parse_handouts(data, where: str = "mkdocs.yml extra.handouts") -> list[Handout]:
    """Check and read the handout list; a mistake raises :class:`HandoutError`."""
    if not isinstance(data, list) or not data:
        raise HandoutError(f"{where}: expected a non-empty list of handouts")
    handouts, names = [], set()
    for number, entry in enumerate(data, start=1):
        here = f"{where}[{number}]"
        if not isinstance(entry, dict):
            raise HandoutError(f"{here}: expected a mapping with keys file, title, pages")
        unknown = set(entry) - {"file", "title", "pages", "one_page"}
        if unknown:
            raise HandoutError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("file", "title", "pages"):
            if key not in entry:
                raise HandoutError(f"{here}: missing key '{key}'")
        name, title, pages = entry["file"], entry["title"], entry["pages"]
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*\.pdf", name):
            raise HandoutError(f"{here}.file: {name!r} is not a file name like 'my-handout.pdf' (a-z, 0-9, '-')")
        if name in names:
            raise HandoutError(f"{here}.file: {name!r} is listed twice")
        names.add(name)
        if not isinstance(title, str) or not title.strip():
            raise HandoutError(f"{here}.title: expected a non-empty text")
        if pages == WHOLE_GUIDE:
            pages = []
        elif not isinstance(pages, list) or not pages or not all(isinstance(p, str) and p.endswith(".md") for p in pages):
            raise HandoutError(f"{here}.pages: expected '{WHOLE_GUIDE}' or a list of docs/ pages such as [six-dimensions.md]")
        one_page = entry.get("one_page", False)
        if not isinstance(one_page, bool):
            raise HandoutError(f"{here}.one_page: expected true or false")
        handouts.append(Handout(name, title.strip(), tuple(pages), one_page))
    if sum(h.whole_guide for h in handouts) > 1:
        raise HandoutError(f"{where}: only one handout can hold the whole guide (pages: {WHOLE_GUIDE})")
    return handouts


# --- QR codes and PDF facts -------------------------------------------------------------


def qr_data_uri(url: str, *, module_mm: float = 0.5) -> str:
    """A QR code for ``url`` as an SVG ``data:`` URI, sized in millimetres (segno)."""
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(
        scale=module_mm, unit="mm", border=2, dark="#000", light="#fff")


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    size: int  # bytes

    @property
    def label(self) -> str:
        """'PDF, 4 pages, 212 KB'."""
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return f"PDF, {pages}, {human_size(self.size)}"


def pdf_facts(path: Path) -> PdfFacts:
    """Page count (pypdf) and size of a PDF file."""
    from pypdf import PdfReader

    return PdfFacts(len(PdfReader(str(path)).pages), path.stat().st_size)


def human_size(size: int) -> str:
    """Bytes as readers count them: '850 KB', '1.2 MB' (1 KB = 1000 bytes)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB"


# --- One page's rendered HTML as a section of the print view ----------------------------

#: Attributes that hold one id, several ids, or a URL.
ID_ATTRS = {"id"}
#: Attributes whose value is ids: data-source-of names the section a closing citation is
#: the source of (CONTRIBUTING "Cite a work").
IDREF_ATTRS = {"for", "aria-labelledby", "aria-describedby", "aria-controls", "data-source-of"}
LINK_ATTRS = {"href", "xlink:href"}  # SVG links (the concept map) use xlink:href
ATTRIBUTE = re.compile(r'(?<=\s)(' + "|".join(sorted(ID_ATTRS | IDREF_ATTRS | LINK_ATTRS | {"src"})) + ')="([^"]*)"')
#: A page's own "References" section: its heading up to the next h2 (or the end).
REFERENCES = re.compile(r'<h2\b[^>]*\bid="references"[^>]*>.*?(?=<h2\b|\Z)', re.DOTALL)


def section_key(url: str) -> str:
    """The id of a page's section in the print view: 'examples/wigan/' -> 'examples-wigan'."""
    key = url.strip("/").removesuffix(".html").removesuffix("/index").replace("/", "-")
    return key if key and key != "index" else "index"


@dataclass
class PrintContext:
    """What rewriting needs: where each page's section is and which references exist."""

    keys: dict[str, str]  # page URL (site-relative, as MkDocs gives it) -> section key
    print_url: str  # the print view's own URL ("print_page/" or "print_page.html")
    bibliography_key: str
    bibliography_ids: set[str]  # "ref-miller2020", …


def _site_path(url: str) -> str:
    """A site-relative URL normalised the way page URLs are ('a/b/', 'a/b.html', '')."""
    return "" if url in ("", ".", "./") else url


def to_print_section(content: str, page_url: str, ctx: PrintContext, *, drop_references: bool) -> str:
    """Rewrite one page's rendered HTML for the print view.

    Ids get the page's key as prefix (unique on the one page), id references
    follow, links to pages in the print view become links to their sections,
    other relative links are rebased to the print view's URL, and citations
    point into the merged bibliography (whose entries the page's own References
    section, dropped when ``drop_references``, repeated).
    """
    key = ctx.keys[page_url]
    if drop_references:
        content = REFERENCES.sub("", content)

    def target(path: str, fragment: str) -> str | None:
        """The in-page anchor for a page path and fragment, if that page is printed."""
        other = ctx.keys.get(path)
        if other is None:
            return None
        if fragment.startswith("ref-") and fragment in ctx.bibliography_ids:
            return f"#{ctx.bibliography_key}-{fragment}"
        return f"#{other}-{fragment}" if fragment else f"#{other}"

    def rewrite(match: re.Match) -> str:
        name, value = match[1], html.unescape(match[2])
        if name in ID_ATTRS:
            value = f"{key}-{value}"
        elif name in IDREF_ATTRS:
            value = " ".join(f"{key}-{ref}" for ref in value.split())
        else:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("/") or value == "":
                return match[0]
            path, fragment = parts.path, parts.fragment
            if path:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), path)).lstrip("/")
                if path.endswith("/") and resolved:
                    resolved += "/"
                if resolved == ".":
                    resolved = ""
            else:
                resolved = page_url
            anchor = target(_site_path(resolved), fragment) if name in LINK_ATTRS else None
            if anchor is not None:
                value = anchor
            else:
                base = posixpath.dirname("/" + ctx.print_url)
                rebased = posixpath.relpath("/" + (resolved or ""), base) if resolved else posixpath.relpath("/", base) + "/"
                if resolved.endswith("/") and not rebased.endswith("/"):
                    rebased += "/"
                value = rebased + (f"?{parts.query}" if parts.query else "") + (f"#{fragment}" if fragment else "")
        return f'{name}="{html.escape(value, quote=True)}"'

    return ATTRIBUTE.sub(rewrite, content)
