"""Print support: footer line, link marks, the whole-guide page and the PDFs' links.

* Every page gets a print-only footer line after its article: the page's own
  URL (``page.canonical_url``, the same URL as its ``<link rel="canonical">``)
  and the source attribution. ``the print section of docs/assets/guide.css`` hides it on screen.
* An external link gets the class ``print-url`` unless its text already is
  its URL: the print stylesheet prints the URL after the link text. (Marked at
  build time: in the browser Material makes internal links absolute too.)
* The whole-guide page that mkdocs-print-site-plugin writes (``print_page/``)
  is tidied after it is written: every id inside a page's section is prefixed
  with the page key (print-site prefixes only headings, and misses some), the
  per-page "References" sections are dropped and every citation points to the
  one merged bibliography (the Bibliography page's section), so the page has
  no duplicate ids and every ``#anchor`` link resolves within it. It also gets
  the footer line.
* ``make pdf`` (``scripts/make_pdfs.py``) writes the PDFs listed in ``PDFS``
  into the built site after the build. They are registered here as files that
  MkDocs knows but never copies (``Artefact``), so that links to them from
  ``docs/workshop-materials.md`` validate in a strict build; the print page is
  registered the same way (``print_page/index.html``).

A missing print page or Bibliography section stops the build with a message.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

#: PDF file name (under ``pdf/`` in the built site) -> (title, pages it holds).
#: Pages are source paths in docs/; "print_page" is the whole-guide print view.
PDFS: dict[str, tuple[str, list[str]]] = {
    "systems-leadership-whole-guide.pdf": ("The whole guide", ["print_page"]),
    "self-assessment-worksheet.pdf": ("Self-assessment worksheet", ["self-assessment.md"]),
    "six-dimensions.pdf": ("Six dimensions of systems leadership", ["six-dimensions.md"]),
    "toronto-skills-and-table-3.pdf": (
        "Toronto leadership skills with Table 3", ["toronto-skills.md", "leadership-approaches.md"]),
    "four-debates.pdf": ("The four debates", ["debates.md"]),
    "thurrock-and-wigan-examples.pdf": (
        "The Thurrock and Wigan examples", ["examples/thurrock.md", "examples/wigan.md"]),
}

SOURCE = (
    "Source: Miller, R. (2020) <em>Systems leadership – enhancing the role of social care</em>. "
    "Research in Practice."
)
PRINT_PAGE = "print_page/index.html"
#: Where print-site writes the page when ``use_directory_urls`` is off (the offline build).
PRINT_PAGE_FLAT = "print_page.html"
BIBLIOGRAPHY_KEY = "bibliography"

PREFIXED_BY_PRINT_SITE = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li", "input"}

STATE: dict = {}


def footer(url: str | None) -> str:
    """The print-only footer line for a page at ``url``."""
    where = f'Printed from <span class="print-footer__url">{html.escape(url)}</span>. ' if url else ""
    return f'<div class="print-footer">{where}{SOURCE}</div>'


def on_config(config):
    if "print-site" not in config.plugins:
        raise PluginError("mkdocs.yml: src/sl_guide/hooks/print_view.py needs the 'print-site' plugin")
    STATE["site_url"] = config.site_url or ""
    STATE["print_page"] = PRINT_PAGE if config.use_directory_urls else PRINT_PAGE_FLAT
    return config


class Artefact(File):
    """A file written after the build (by print-site or ``make pdf``): links to it
    validate, and MkDocs has nothing to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def on_files(files, config):
    """Register the print page and the PDFs so that links to them validate."""
    for path in [STATE["print_page"]] + [f"pdf/{name}" for name in PDFS]:
        file = Artefact(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=False,
                        inclusion=InclusionLevel.NOT_IN_NAV)
        file.generated_by = "src/sl_guide/hooks/print_view.py"
        files.append(file)
    return files


EXTERNAL_LINK = re.compile(r'<a (?P<attrs>[^>]*?)href="(?P<href>https?://[^"]+)"(?P<rest>[^>]*)>(?P<text>.*?)</a>', re.DOTALL)


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


@event_priority(50)  # before print-site keeps each page's HTML for the print page
def on_page_content(content, page, config, files):
    return mark_external_links(content)


def on_page_markdown(markdown, page, config, files):
    """Links to the print view follow where print-site writes it (offline build)."""
    if STATE["print_page"] != PRINT_PAGE:
        markdown = markdown.replace(f"]({PRINT_PAGE})", f"]({STATE['print_page']})")
    return markdown


#: print-site adds its stylesheets and script to every page; only its own page
#: (written in on_post_build, not through on_post_page) uses them.
PRINT_SITE_ASSETS = re.compile(
    r'\s*<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">|\s*<script src="[^"]*js/print-site\.js"></script>'
)


def on_post_page(output, page, config):
    """Add the footer line right after the page's article; drop print-site's assets."""
    output = PRINT_SITE_ASSETS.sub("", output)
    end = output.find("</article>")
    if end < 0:
        return output
    end += len("</article>")
    return output[:end] + footer(page.canonical_url) + output[end:]


def tidy_print_page(text: str, url: str) -> str:
    """Unique ids, one merged bibliography and the footer line on the print page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    sections = [s for s in soup.select("section.print-page[id]") if "md-section" not in s.get("class", [])]
    bibliography = None
    for section in sections:
        key = section["id"]
        for node in section.find_all(id=True):
            # print-site prefixed the ids of these tags already (but not all of them)
            if node.name not in PREFIXED_BY_PRINT_SITE or not node["id"].startswith(f"{key}-"):
                node["id"] = f"{key}-{node['id']}"
        if key == BIBLIOGRAPHY_KEY:
            bibliography = section
            continue
        heading = section.find(["h2"], id=f"{key}-references")
        if heading is None:
            continue
        for sibling in list(heading.find_next_siblings()):
            if sibling.name in {"h1", "h2"}:
                break
            if "csl-entry" in sibling.get("class", []):
                sibling.decompose()
        heading.decompose()
    if bibliography is None:
        raise PluginError(f"{STATE['print_page']}: no '{BIBLIOGRAPHY_KEY}' section: the Bibliography page must be in nav")
    entries = {node["id"].removeprefix(f"{BIBLIOGRAPHY_KEY}-") for node in bibliography.select("p.csl-entry[id]")}
    for link in soup.select('a[href^="#."]'):
        # print-site turns a link to the home page into "#." (normpath of "x/../")
        link["href"] = re.sub(r"^#\.(?=-|$)", "#index", link["href"])
    for link in soup.select('a[href^="#print_page"]'):
        # a link to the print view itself (from Workshop materials): its contents
        link["href"] = "#print-page-toc"
    for link in soup.select('a[href^="#"]'):
        match = re.fullmatch(r"#[\w-]*?-(ref-[\w:-]+)", link["href"])
        if match and match[1] in entries:
            link["href"] = f"#{BIBLIOGRAPHY_KEY}-{match[1]}"
    article = soup.select_one("article.md-content__inner")
    if article is not None:
        article.insert_after(BeautifulSoup(footer(url), "html.parser"))
    return str(soup)


@event_priority(-50)  # after print-site has written the print page
def on_post_build(config):
    path = Path(config.site_dir) / STATE["print_page"]
    if not path.is_file():
        raise PluginError(f"{STATE['print_page']} was not written by mkdocs-print-site-plugin")
    page_url = "print_page/" if STATE["print_page"] == PRINT_PAGE else PRINT_PAGE_FLAT
    url = STATE["site_url"].rstrip("/") + "/" + page_url if STATE["site_url"] else None
    path.write_text(tidy_print_page(path.read_text(encoding="utf-8"), url), encoding="utf-8")
