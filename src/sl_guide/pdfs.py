"""Print the PDFs of ``extra.handouts`` from a built site (``make pdf``).

The built site is served on 127.0.0.1 (:class:`sl_guide.toolkit.StaticServer`)
and printed by Debian's Chromium (:func:`sl_guide.toolkit.launch_chromium`)
with the site's print stylesheet, without JavaScript, as tagged A4 PDFs with a
document outline.

* **The whole guide** is the print view ``print_page/`` (made by the
  ``sl-print`` plugin: cover, contents, every page, one bibliography). Chromium
  cannot number the contents in CSS, so it is printed twice: the first PDF's
  named destinations (one per link target, read with pypdf) give the page of
  each contents entry, the numbers are written into the contents, and the
  second PDF is checked to have every entry on the page it states.
* **A handout** is its first page with the articles of the others appended
  (ids prefixed so that they stay unique), so that the PDF keeps one structure
  tree and one outline. Every sheet of a handout carries, in its bottom margin,
  the online address of the page it comes from (the page's canonical URL) and a
  QR code of that address (segno): each page of the handout gets a CSS named
  page whose margin boxes hold them.

Errors (no site, no Chromium, a page missing, a one-page handout of more than
one sheet) raise :class:`PdfError` with a message naming what failed.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from urllib.parse import urljoin

from sl_guide.handouts import Handout, parse_handouts, qr_data_uri
from sl_guide.toolkit import ROOT, StaticServer, launch_chromium, load_config, pages


class PdfError(Exception):
    """A PDF could not be made; the message says which and why."""


PDF_OPTIONS = {"format": "A4", "tagged": True, "outline": True, "print_background": False, "prefer_css_page_size": True}

#: The bottom margin of each page of a handout: where it comes from, online and as a QR code.
HANDOUT_PAGE = """
@page handout-{n} {{
  margin-bottom: 26mm;
  @bottom-left {{
    content: "Online: {url}\\A {attribution}";
    white-space: pre-wrap;
    font: 8pt/1.35 -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif;
    color: #000;
    vertical-align: middle;
  }}
  @bottom-right {{
    content: url("{qr}");
    vertical-align: middle;
    text-align: right;
  }}
}}
.handout-part-{n} {{ page: handout-{n}; }}
"""
#: The first part's named page is the document's (else Chromium starts with a blank default page).
FIRST_PAGE = "body { page: handout-1; }\n"


def css_string(text: str) -> str:
    """Text for a CSS string in double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def handouts(config_file: Path = ROOT / "mkdocs.yml") -> list[Handout]:
    """``extra.handouts`` of the project's mkdocs.yml, checked."""
    return parse_handouts(load_config(config_file).extra.get("handouts"))


def handout_html(site: Path, urls: list[str], title: str, attribution: str) -> str:
    """The first page's HTML with the articles of the others appended and the margins set."""
    from bs4 import BeautifulSoup

    soups = []
    for url in urls:
        path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
        if not path.is_file():
            raise PdfError(f"{path}: page '{url or 'index'}' not found in the built site")
        soups.append(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
    first = soups[0]
    if first.title is not None:
        first.title.string = title
    styles = []
    anchor = None
    for number, soup in enumerate(soups, start=1):
        article = soup.select_one("article.md-content__inner")
        canonical = soup.select_one('link[rel="canonical"]')
        if article is None or canonical is None:
            raise PdfError(f"{urls[number - 1]}: no article or no canonical address in the built page")
        article["class"] = article.get("class", []) + [f"handout-part-{number}"]
        url = canonical["href"]
        for link in article.select("a[href]"):
            if not link["href"].startswith("#"):  # on paper, a link leads to the online edition
                link["href"] = urljoin(url, link["href"])
        styles.append(HANDOUT_PAGE.format(n=number, url=css_string(url), attribution=css_string(attribution),
                                          qr=qr_data_uri(url)))
        if number == 1:
            anchor = article
            continue
        prefix = f"part{number}-"
        for node in article.find_all(id=True):
            node["id"] = prefix + node["id"]
        for link in article.select('a[href^="#"]'):
            link["href"] = "#" + prefix + link["href"][1:]
        anchor.insert_after(article)
        anchor = article
    style = first.new_tag("style")
    hidden = ".print-footer, .cite-section { display: none !important; }\n"  # the margins say it
    style.string = "@media print {\n" + FIRST_PAGE + "".join(styles) + hidden + "}\n"
    first.head.append(style)
    return str(first)


def toc_pages(pdf: bytes) -> dict[str, int]:
    """Named destination (= element id) -> page number (1-based), read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def print_whole_guide(page, url: str, path: Path) -> None:
    """Print the print view twice: the second time with the contents' page numbers."""
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        raise PdfError(f"{url}: could not load the print view (is the print view on? PRINT_VIEW=false omits it)")
    page.emulate_media(media="print")
    # On paper, a link leads to the online edition, not to the local server.
    page.evaluate("""() => {
        const canonical = document.querySelector('link[rel=canonical]');
        if (!canonical) return;
        for (const a of document.querySelectorAll('article a[href]:not([href^="#"])'))
            a.setAttribute('href', new URL(a.getAttribute('href'), canonical.href).href);
    }""")
    targets = page.eval_on_selector_all(".print-toc__page[data-target]", "els => els.map(e => e.dataset.target)")
    if not targets:
        raise PdfError(f"{url}: the print view has no contents list")
    numbers: dict[str, int] = {}
    for _attempt in range(3):
        pdf = page.pdf(**PDF_OPTIONS)
        found = toc_pages(pdf)
        missing = [t for t in targets if t not in found]
        if missing:
            raise PdfError(f"{url}: contents entries with no place in the PDF: {missing[:5]}")
        if numbers == {t: found[t] for t in targets}:
            path.write_bytes(pdf)
            return
        numbers = {t: found[t] for t in targets}
        page.evaluate("""numbers => {
            for (const el of document.querySelectorAll('.print-toc__page[data-target]'))
                el.textContent = String(numbers[el.dataset.target]);
        }""", numbers)
    raise PdfError(f"{url}: the contents' page numbers did not settle after three printings")


def render(site: Path, out: Path, browser=None, config_file: Path = ROOT / "mkdocs.yml",
           only: list[str] | None = None) -> list[Path]:
    """Print every PDF of ``extra.handouts`` (or those named in ``only``) from ``site`` into ``out``.

    ``browser`` is a Playwright Chromium already launched (the tests' fixture);
    without it Debian's Chromium is launched here.
    """
    site, out = Path(site), Path(out)
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: no built site here (run `make build` first)")
    if browser is None:
        from playwright.sync_api import sync_playwright

        from sl_guide.toolkit import BrowserMissing

        with sync_playwright() as playwright:
            try:
                browser = launch_chromium(playwright)
            except BrowserMissing as error:
                raise PdfError(str(error)) from None
            try:
                return render(site, out, browser, config_file, only)
            finally:
                browser.close()
    config = load_config(config_file)
    attribution = config.extra["guide"]["attribution"]
    url_of = {p.src_uri: p.url for p in pages(config_file)}
    print_view = "print_page/" if (site / "print_page" / "index.html").is_file() else "print_page.html"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with StaticServer(site) as server:
        for handout in handouts(config_file):
            if only is not None and handout.file not in only:
                continue
            context = browser.new_context(java_script_enabled=False)
            try:
                page = context.new_page()
                path = out / handout.file
                if handout.whole_guide:
                    print_whole_guide(page, server.url + print_view, path)
                else:
                    urls = [url_of[src] for src in handout.pages]
                    html = handout_html(site, urls, handout.title, attribution)
                    first = server.url + urls[0]
                    page.route(first, functools.partial(_fulfill, body=html))
                    response = page.goto(first, wait_until="load")
                    if response is None or not response.ok:
                        raise PdfError(f"{first}: could not load the page for {handout.file}")
                    page.emulate_media(media="print")
                    path.write_bytes(page.pdf(**PDF_OPTIONS))
            finally:
                context.close()
            if handout.one_page:
                from pypdf import PdfReader

                count = len(PdfReader(str(path)).pages)
                if count != 1:
                    raise PdfError(f"{path}: '{handout.title}' must fit one A4 page (one_page: true), it has {count}")
            written.append(path)
    return written


def _fulfill(route, request=None, *, body: str) -> None:
    """Answer the first page's URL with the assembled handout."""
    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
