#!/usr/bin/env python3
"""Render the workshop PDFs into a built site: ``make pdf`` (or
``python scripts/make_pdfs.py SITE_DIR``).

The built site is served on 127.0.0.1 and printed by Debian's Chromium
(``/usr/bin/chromium``, or ``$CHROMIUM``) through Playwright, with the site's
print stylesheet, as tagged A4 PDFs with a document outline. The PDFs are
listed in ``src/sl_guide/hooks/print_view.py`` (``PDFS``) and written to
``SITE_DIR/pdf/``, where the "Workshop materials" page links to them.

* The whole guide is the print view of mkdocs-print-site-plugin
  (``print_page/``), printed after its table of contents is built.
* A handout of one page is that page, printed without JavaScript: the
  self-assessment is the blank worksheet, and it must fit one A4 sheet.
* A handout of two pages is the first page with the second page's article
  appended (its ids prefixed so that they stay unique), so that the PDF keeps
  one structure tree and one outline.

Errors (no site, no Chromium, a page missing, a worksheet of more than one
sheet) stop the script with a message and a non-zero exit.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import posixpath
import sys
import threading
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
from sl_guide.hooks.print_view import PDFS  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ONE_SHEET = {"self-assessment-worksheet.pdf"}


class PdfError(Exception):
    """A PDF could not be made; the message says which and why."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A page closed while a file was still being sent is not an error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def page_url(src: str) -> str:
    """The directory URL of a docs/ source path: 'examples/wigan.md' -> 'examples/wigan/'."""
    if src == "print_page":
        return "print_page/"
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def combined_html(site: Path, srcs: list[str], title: str) -> str:
    """The first page's HTML with the articles of the others appended."""
    urls = [page_url(src) for src in srcs]
    depths = {url.count("/") for url in urls}
    if len(depths) != 1:
        raise PdfError(f"{srcs}: pages of one handout must be at the same folder depth (relative links)")
    soups = []
    for src, url in zip(srcs, urls):
        path = site / url / "index.html"
        if not path.is_file():
            raise PdfError(f"{path}: page for '{src}' not found in the built site")
        soups.append(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
    first = soups[0]
    if first.title is not None:
        first.title.string = title
    anchor = first.select_one(".print-footer") or first.select_one("article.md-content__inner")
    for number, soup in enumerate(soups[1:], start=2):
        article = soup.select_one("article.md-content__inner")
        if article is None:
            raise PdfError(f"{srcs[number - 1]}: no article in the built page")
        prefix = f"part{number}-"
        for node in article.find_all(id=True):
            node["id"] = prefix + node["id"]
        for link in article.select('a[href^="#"]'):
            link["href"] = "#" + prefix + link["href"][1:]
        parts = [article] + soup.select(".print-footer")
        for part in parts:
            anchor.insert_after(part)
            anchor = part
    return str(first)


def _fulfill(route, request=None, *, body: str) -> None:
    """Answer the first page's URL with the combined handout."""
    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)


def render(site: Path, out: Path, browser=None) -> list[Path]:
    """Serve ``site`` and print every PDF of ``PDFS`` into ``out``.

    ``browser`` is a Playwright Chromium already launched (the tests' fixture);
    without it Debian's Chromium is launched here.
    """
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: no built site here (run `make build` first)")
    if browser is None:
        if not Path(CHROMIUM).exists():
            raise PdfError(f"{CHROMIUM} not found: apt-get install chromium (or set CHROMIUM)")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                return render(site, out, browser)
            finally:
                browser.close()
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    written = []
    try:
        for name, (title, srcs) in PDFS.items():
            whole = srcs == ["print_page"]
            context = browser.new_context(java_script_enabled=whole)
            page = context.new_page()
            url = base + page_url(srcs[0])
            if len(srcs) > 1:
                html = combined_html(site, srcs, title)
                page.route(url, functools.partial(_fulfill, body=html))
            response = page.goto(url, wait_until="load")
            if response is None or not response.ok:
                raise PdfError(f"{url}: could not load the page for {name}")
            if whole:
                # print-site.js builds the table of contents on load.
                page.wait_for_selector("#print-page-toc li", state="attached", timeout=15000)
            page.emulate_media(media="print")
            path = out / name
            page.pdf(path=str(path), format="A4", tagged=True, outline=True,
                     print_background=False, prefer_css_page_size=True)
            context.close()
            pages = len(PdfReader(str(path)).pages)
            if name in ONE_SHEET and pages != 1:
                raise PdfError(f"{path}: the worksheet must fit one A4 page, it has {pages}")
            written.append(path)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="built site folder (default: site)")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    try:
        for path in render(site, site / "pdf"):
            print(f"wrote {posixpath.relpath(path.as_posix(), Path.cwd().as_posix())}")
    except PdfError as error:
        print(f"make_pdfs: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
