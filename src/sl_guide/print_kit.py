"""MkDocs plugin ``sl-print``: the print kit of the guide.

* **Paper footer.** Every page gets a print-only footer line after its article:
  the page's own address (``page.canonical_url``) and the source attribution
  (``extra.guide.attribution``). External links get the class ``print-url``
  unless their text already is their URL: print.css prints the URL after them.
* **The whole guide on one page** (``print_page/``), assembled from the pages'
  rendered HTML (no second rendering, no HTML parser): a cover (title, author,
  publisher, date, the online edition's address with a QR code, how to cite),
  a contents list whose page numbers ``make pdf`` fills in, every page of the
  nav in order except ``exclude`` (the bibliography last), ids prefixed per
  page, links between pages turned into links within the page, and one merged
  bibliography. It is a real MkDocs page (``print_page.md``, generated), so it
  goes through the theme, the other hooks and the strict link check.
  ``print_view: false`` (``PRINT_VIEW=false``) builds without it.
* **Handouts, declared once** in ``extra.handouts`` (see :mod:`sl_guide.handouts`):
  ``<!-- md:handouts -->`` becomes the list of handouts; each page printed in a
  handout links to it. The PDFs are made by ``make pdf`` (:mod:`sl_guide.pdfs`)
  into a folder; a build with ``pdf_dir`` (``PDF_DIR=build/pdf``) copies them
  into ``pdf/`` as real files and links them with their page count and size. A
  build without them links none (no dead links) and says where to get them.

Configuration (``mkdocs.yml``)::

    plugins:
      - sl-print:
          print_view: !ENV [PRINT_VIEW, true]
          pdf_dir: !ENV [PDF_DIR, ""]
          exclude: [index.md, tags.md]     # pages left out of the print view
          bibliography: bibliography.md    # its entries are the merged bibliography
          cite_key: miller2020             # the entry given on the cover as "how to cite"
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from sl_guide.handouts import (
    HandoutError,
    PdfFacts,
    PrintContext,
    parse_handouts,
    pdf_facts,
    qr_data_uri,
    section_key,
    to_print_section,
)
from sl_guide.urls import online_url

PRINT_SRC = "print_page.md"
PRINT_PAGE_SOURCE = Path(__file__).with_name("print_page.md")
MARKER = "<!-- md:handouts -->"
EXTERNAL_LINK = re.compile(
    r'<a (?P<attrs>[^>]*?)href="(?P<href>https?://[^"]+)"(?P<rest>[^>]*)>(?P<text>.*?)</a>', re.DOTALL)


def mark_external_links(content: str) -> str:
    """Add class ``print-url`` to external links whose text is not their URL."""

    def mark(match: re.Match) -> str:
        href = html.unescape(match["href"])
        text = html.unescape(re.sub(r"<[^>]+>", "", match["text"])).strip()
        if text.rstrip("/") in {href.rstrip("/"), re.sub(r"^https?://", "", href).rstrip("/")}:
            return match.group(0)
        attrs, rest = match["attrs"], match["rest"]
        if 'class="' in attrs:
            attrs = attrs.replace('class="', 'class="print-url ', 1)
        elif 'class="' in rest:
            rest = rest.replace('class="', 'class="print-url ', 1)
        else:
            attrs = 'class="print-url" ' + attrs
        return f'<a {attrs}href="{match["href"]}"{rest}>{match["text"]}</a>'

    return EXTERNAL_LINK.sub(mark, content)


def footer(url: str | None, attribution: str) -> str:
    """The print-only footer line of a page at ``url``."""
    where = f'Printed from <span class="print-footer__url">{html.escape(url)}</span>. ' if url else ""
    return f'<div class="print-footer">{where}{html.escape(attribution)}</div>'


def source_date_epoch(root: Path) -> str | None:
    """The time a build of ``root`` is dated with, in seconds since 1970 (a string, as
    SOURCE_DATE_EPOCH is written): SOURCE_DATE_EPOCH, else the last commit, else None."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not stamp:
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                                   text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            stamp = ""
    return stamp if stamp.isdigit() else None


def edition_date(root: Path) -> datetime | None:
    """The date of the online edition (:func:`source_date_epoch`), else unknown."""
    stamp = source_date_epoch(root)
    return datetime.fromtimestamp(int(stamp), tz=UTC) if stamp else None


class PrintKitConfig(base.Config):
    print_view = c.Type(bool, default=True)
    pdf_dir = c.Type(str, default="")
    exclude = c.ListOfItems(c.Type(str), default=[])
    bibliography = c.Type(str, default="bibliography.md")
    cite_key = c.Type(str, default="")


class PrintKitPlugin(BasePlugin[PrintKitConfig]):
    def on_config(self, config):
        guide = config.extra.get("guide")
        if not isinstance(guide, dict) or "attribution" not in guide:
            raise PluginError("mkdocs.yml: sl-print needs extra.guide (title, author, publisher, published, attribution)")
        try:
            self.handouts = parse_handouts(config.extra.get("handouts"))
        except HandoutError as error:
            raise PluginError(str(error)) from None
        self.guide = guide
        self.root = Path(config.config_file_path).resolve().parent
        self.pdf_dir = (self.root / self.config.pdf_dir) if self.config.pdf_dir else None
        self.facts: dict[str, PdfFacts] = {}
        self.titles: dict[str, str] = {}
        self.site_url = config.site_url or ""
        self.mkdocs_config = config
        return config

    # --- files ---------------------------------------------------------------------------

    @event_priority(-100)  # after the hooks that read every page's source file
    def on_files(self, files, config):
        known = {f.src_uri for f in files.documentation_pages()}
        for number, handout in enumerate(self.handouts, start=1):
            for src in handout.pages:
                if src not in known:
                    raise PluginError(f"mkdocs.yml extra.handouts[{number}].pages: docs/{src} does not exist")
        for src in [*self.config.exclude, self.config.bibliography]:
            if src not in known:
                raise PluginError(f"mkdocs.yml plugins.sl-print: docs/{src} does not exist")
        if self.config.print_view:
            # A real source file (front matter and title), so that every plugin can read it.
            files.append(File.generated(config, PRINT_SRC, abs_src_path=str(PRINT_PAGE_SOURCE),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        self.facts = {}
        if self.pdf_dir is not None:
            if not self.pdf_dir.is_dir():
                raise PluginError(f"PDF_DIR / plugins.sl-print.pdf_dir: {self.pdf_dir} is not a folder (run make pdf)")
            for handout in self.handouts:
                path = self.pdf_dir / handout.file
                if handout.whole_guide and not self.config.print_view:
                    continue
                if not path.is_file():
                    raise PluginError(f"{path}: handout '{handout.title}' (mkdocs.yml extra.handouts) was not made; run make pdf")
                try:
                    self.facts[handout.file] = pdf_facts(path)
                except Exception as error:  # noqa: BLE001 (pypdf's errors have no common base)
                    raise PluginError(f"{path}: not a readable PDF ({error})") from None
                files.append(File.generated(config, handout.path, abs_src_path=str(path),
                                            inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_nav(self, nav, config, files):
        self.nav_pages = list(nav.pages)
        self.titles = {page.file.src_uri: page.title for page in nav.pages if page.title}
        return nav

    # --- Markdown: the handout list and the links to handouts -----------------------------

    def _link(self, page_src: str, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(page_src) or ".")

    def _handouts_markdown(self, page_src: str) -> str:
        rows = ["| Handout | What it holds | File |", "| --- | --- | --- |"]
        for handout in self.handouts:
            if handout.whole_guide:
                if not self.config.print_view:
                    continue
                holds = "Every page of the guide, with a cover, contents with page numbers and one bibliography"
            else:
                holds = " and ".join(f"[{self.titles.get(src, src)}]({self._link(page_src, src)})" for src in handout.pages)
            facts = self.facts.get(handout.file)
            if facts:
                name = f"[{handout.title}]({self._link(page_src, handout.path)})"
                size = facts.label
            else:
                name, size = handout.title, "not in this copy"
            rows.append(f"| {name} | {holds} | {size} |")
        # A caption names the table for screen readers (sl_guide.tables), as the briefing's tables.
        lines = ["\n".join(rows), "", "/// table-caption", "The workshop handouts (PDF)", "///", ""]
        if not self.facts:
            lines += [
                "The PDF files are not part of this copy of the guide. They are published with the "
                "online edition" + (f" at <{online_url(self.mkdocs_config, page_src)}>" if self.site_url else "")
                + "; to make them from the source, run `make pdf`.", ""]
        if self.config.print_view:
            lines += [f"The [whole guide on one page]({self._link(page_src, PRINT_SRC)}) is the print view "
                      "the whole-guide PDF is made from: print it from the browser for the same result.", ""]
        return "\n".join(lines)

    @event_priority(100)  # before the page's References are appended
    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        if MARKER in markdown:
            markdown = markdown.replace(MARKER, self._handouts_markdown(src))
        for handout in self.handouts:
            facts = self.facts.get(handout.file)
            if facts and src in handout.pages:
                others = [f"[{self.titles.get(o, o)}]({self._link(src, o)})" for o in handout.pages if o != src]
                holds = "This page" + (f", with {' and '.join(others)}," if others else "")
                markdown = markdown.rstrip() + (
                    f'\n\n!!! tip handout-link "Handout for workshops"\n\n'
                    f"    [{handout.title}]({self._link(src, handout.path)}) ({facts.label}). "
                    f"{holds} on A4, with its online address and a QR code on every sheet. "
                    f"All handouts: [Workshop materials]({self._link(src, 'workshop-materials.md')}).\n")
        return markdown

    # --- HTML ------------------------------------------------------------------------------

    @event_priority(-100)  # after every other hook has changed the content
    def on_page_content(self, html_content, page, config, files):
        return mark_external_links(html_content)

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri == PRINT_SRC:
            page.content = self._print_content(page, config)
        return context

    def on_post_page(self, output, page, config):
        """The footer line right after the page's article."""
        end = output.find("</article>")
        if end < 0:
            return output
        end += len("</article>")
        return output[:end] + footer(page.canonical_url, self.guide["attribution"]) + output[end:]

    # --- the print view ----------------------------------------------------------------

    def _print_content(self, print_page, config) -> str:
        bibliography = self.config.bibliography
        pages = [p for p in self.nav_pages if p.file.src_uri not in set(self.config.exclude) | {bibliography}]
        pages += [p for p in self.nav_pages if p.file.src_uri == bibliography]
        bib_page = pages[-1] if pages and pages[-1].file.src_uri == bibliography else None
        if bib_page is None:
            raise PluginError(f"sl-print: the bibliography page docs/{bibliography} must be in the nav")
        keys = {}
        for page in pages:
            keys[page.file.url if page.file.url != "./" else ""] = section_key(page.file.url if page.file.url != "./" else "")
        entries = self._entries(config)
        bib_ids = {f"ref-{key}" for key in entries}
        ctx = PrintContext(keys, print_page.file.url, section_key(bib_page.file.url), bib_ids)
        sections, toc = [], []
        for page in pages:
            url = page.file.url if page.file.url != "./" else ""
            key = keys[url]
            body = to_print_section(page.content or "", url, ctx, drop_references=page is not bib_page)
            sections.append(f'<section class="print-page" id="{key}" headingoffset="1">\n{body}\n</section>')
            toc.append(self._toc_entry(page, key))
        return self._cover(entries) + (
            '<nav class="print-toc" aria-labelledby="print-toc-title">'
            '<h2 id="print-toc-title">Contents</h2>\n<ol class="print-toc__list">\n' + "\n".join(toc) + "\n</ol></nav>\n"
            + "\n".join(sections))

    @staticmethod
    def _toc_item(target: str, title: str) -> str:
        return (f'<a class="print-toc__link" href="#{target}"><span class="print-toc__title">{html.escape(title)}</span>'
                f' <span class="print-toc__page" data-target="{target}"></span></a>')

    def _toc_entry(self, page, key: str) -> str:
        items = list(page.toc.items)
        top = items[0] if len(items) == 1 and items[0].level == 1 else None
        title = top.title if top else page.title
        children = [item for item in (top.children if top else items) if item.id != "references"]
        entry = f"<li>{self._toc_item(key, html.unescape(title or page.file.src_uri))}"
        if children:
            entry += '<ol class="print-toc__sub">' + "".join(
                f"<li>{self._toc_item(f'{key}-{item.id}', html.unescape(item.title))}</li>" for item in children) + "</ol>"
        return entry + "</li>"

    @staticmethod
    def _entries(config) -> dict:
        """The formatted references of this build, from the citations plugin (key -> Entry)."""
        citations = config.plugins.get("guide-citations")
        rendering = getattr(citations, "rendering", None)
        if rendering is None:
            raise PluginError("mkdocs.yml: the sl-print plugin needs the guide-citations plugin before it")
        return rendering.entries

    def _cover(self, entries: dict) -> str:
        guide = self.guide
        url = self.site_url or ""
        parts = [
            '<header class="print-cover">',
            '<p class="print-cover__kind">The whole guide</p>',
            f'<h1 id="print-cover-title">{html.escape(guide["title"])}</h1>',
            f'<p class="print-cover__author">{html.escape(guide["author"])}</p>',
            f'<p class="print-cover__publisher">{html.escape(guide["publisher"])}, {html.escape(str(guide["published"]))}</p>',
        ]
        if url:
            date = edition_date(self.root)
            when = f", version of {date.day} {date:%B %Y}" if date else ""
            parts += [
                '<div class="print-cover__online">',
                f'<img class="print-cover__qr" src="{qr_data_uri(url, module_mm=0.6)}" width="100" height="100" '
                f'alt="QR code of the online edition’s address, {html.escape(url)}">',
                f'<p>Online edition{when}:<br><a href="{html.escape(url)}">{html.escape(url)}</a></p>',
                "</div>",
            ]
        if self.config.cite_key:
            if self.config.cite_key not in entries:
                raise PluginError(f"mkdocs.yml: plugins.sl-print.cite_key: no entry '{self.config.cite_key}' in the bibliography")
            entry = entries[self.config.cite_key].html
            parts += ['<h2 id="print-cover-cite">How to cite</h2>', f'<p class="print-cover__cite">{entry}</p>']
        parts.append("</header>")
        return "\n".join(parts) + "\n"
