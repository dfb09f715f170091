"""One toolkit for the tests and the scripts (issue 11).

Everything that more than one test module or script needs lives here, once:

* ``ROOT`` and :func:`project_copy`: the project, and a copy of it to break or edit;
* :func:`load_config`, :func:`pages` and :func:`nav_pages`: the site's pages, their
  source paths and URLs, from MkDocs' own config loading and ``File`` objects (never
  re-derived from file names);
* :func:`url_of`, :func:`dest_of` and :func:`src_of`: one page's URL, output file and
  source path, from the same ``File`` objects;
* :func:`front_matter`: a page's YAML front matter, read the way MkDocs reads it;
* :data:`BRIEFING`: the 2020 briefing's source text, the independent reference of the tests;
* :class:`StaticServer`: the built site over HTTP on 127.0.0.1 (optionally gzip);
* :data:`CHROMIUM` / :data:`CHROMIUM_ARGS` / :func:`launch_chromium`: Debian's
  Chromium driven by Playwright on a machine without network access;
* :func:`build` / :func:`build_env`: one strict ``mkdocs build`` of a project folder,
  independent of the caller's ``SITE_URL`` and ``OFFLINE``;
* :func:`axe_violations` (:data:`AXE_TAGS`, :data:`SETTLED`): axe-core in a Playwright page;
* :func:`open_ready` (:data:`READY`): a page opened and its scripts done;
  :func:`accessible_names`: what Chromium's accessibility tree names.

No MkDocs plugin imports this module: it is for tests and scripts only.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

#: The project's root folder (the one holding mkdocs.yml).
ROOT = Path(__file__).resolve().parents[2]
#: The text of the 2020 briefing as published (PDF text, one paragraph a line): what
#: the fidelity, structure and glossary tests compare the site with.
BRIEFING = ROOT / "tests" / "data" / "systems-leadership-briefing.txt"

# --- The project and its pages --------------------------------------------------------

#: What a build does not need, or what is too big to copy.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "node_modules", ".pytest_cache", ".ruff_cache", "__pycache__", "build",
    "benchmarks", "*.pyc", "*.egg-info",
)


def project_copy(dest: Path, root: Path = ROOT) -> Path:
    """Copy the project into ``dest`` (created); node_modules is linked, not copied."""
    shutil.copytree(root, dest, ignore=COPY_IGNORE, symlinks=True)
    if (root / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    return dest


#: One loading of a config at a time in this process: MkDocs keeps the state of a config
#: check in its option objects, which every config shares (two threads loading at once
#: made it report "Plugin 'sl-print' was specified multiple times").
_CONFIG_LOCK = threading.RLock()


def load_config(config_file: str | Path = ROOT / "mkdocs.yml"):
    """MkDocs' own loading of mkdocs.yml (``!ENV`` tags, defaults and validation included),
    once per file; safe to call from several threads."""
    with _CONFIG_LOCK:
        return _load_config(str(config_file))


@functools.lru_cache(maxsize=4)
def _load_config(config_file: str):
    from mkdocs.config import load_config as mkdocs_load_config

    return mkdocs_load_config(config_file)


@dataclass(frozen=True)
class Page:
    """One Markdown page: its source path under docs/, its URL and its output path."""

    src_uri: str  # "examples/wigan.md"
    url: str  # "examples/wigan/" ("" for the home page)
    dest_uri: str  # "examples/wigan/index.html"
    in_nav: bool


def pages(config_file: str | Path = ROOT / "mkdocs.yml") -> list[Page]:
    """Every Markdown page, nav pages first in reading order, then the rest by path.

    URLs and output paths come from MkDocs' ``File`` objects, so they follow
    ``use_directory_urls`` and everything else MkDocs decides.
    """
    with _CONFIG_LOCK:
        return list(_pages(str(config_file)))


@functools.lru_cache(maxsize=4)
def _pages(config_file: str) -> tuple[Page, ...]:
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config(config_file)
    files = get_files(config)
    nav = get_navigation(files, config)
    ordered = [page.file for page in nav.pages]
    in_nav = {file.src_uri for file in ordered}
    rest = sorted((f for f in files.documentation_pages() if f.src_uri not in in_nav), key=lambda f: f.src_uri)
    return tuple(Page(f.src_uri, "" if f.url == "./" else f.url, f.dest_uri, f.src_uri in in_nav) for f in ordered + rest)


def nav_pages(config_file: str | Path = ROOT / "mkdocs.yml") -> list[str]:
    """The source paths of mkdocs.yml's nav, in reading order."""
    return [page.src_uri for page in pages(config_file) if page.in_nav]


def _page(src_uri: str, config_file: str | Path) -> Page:
    for page in pages(config_file):
        if page.src_uri == src_uri:
            return page
    raise KeyError(f"docs/{src_uri} is not a page of the site")


def url_of(src_uri: str, config_file: str | Path = ROOT / "mkdocs.yml") -> str:
    """The URL of a page from its source path ("examples/wigan.md" -> "examples/wigan/")."""
    return _page(src_uri, config_file).url


def dest_of(src_uri: str, config_file: str | Path = ROOT / "mkdocs.yml") -> str:
    """The built file of a page ("examples/wigan.md" -> "examples/wigan/index.html")."""
    return _page(src_uri, config_file).dest_uri


def src_of(dest_uri: str, config_file: str | Path = ROOT / "mkdocs.yml") -> str:
    """The source path of a built page ("examples/wigan/index.html" -> "examples/wigan.md")."""
    for page in pages(config_file):
        if page.dest_uri == dest_uri:
            return page.src_uri
    raise KeyError(f"{dest_uri} is not built from a page of docs/")


def unavailable(message: str) -> None:
    """A test's tool is missing: in CI (``CI`` set) the test fails, since .ci/run installs
    every tool and a skip would hide a broken set-up; elsewhere it skips with ``message``."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def need_tool(name: str, package: str) -> None:
    """Skip (fail in CI: :func:`unavailable`) unless the program ``name`` is on PATH."""
    if shutil.which(name) is None:
        unavailable(f"{name} not found: apt-get install {package} (.ci/run installs it)")


def front_matter(path: Path) -> dict:
    """A Markdown file's front matter, read with MkDocs' own ``get_data``."""
    from mkdocs.utils.meta import get_data

    return get_data(Path(path).read_text(encoding="utf-8"))[1]


# --- Building ---------------------------------------------------------------------------


#: Variables that change what a build writes (mkdocs.yml reads them with ``!ENV``).
#: :func:`build_env` drops them from the caller's environment, so an exported
#: ``SITE_URL`` or ``OFFLINE`` never changes what a test sees; pass them in ``env``.
CONFIG_VARIABLES = ("SITE_URL", "OFFLINE")


#: Material 9.8 prints an end-of-life notice for people to stderr whenever ``mkdocs``
#: runs (README "Platform status"); ``make build`` and ``make serve`` show it. A test or
#: script reading a build's log wants MkDocs' log only (the notice's last line even names
#: this variable, which holds "WARNING"), so its builds switch the notice off.
MATERIAL_NOTICE_OFF = {"NO_MKDOCS_2_WARNING": "1"}


def build_env(env: dict | None = None) -> dict[str, str]:
    """The environment for a build: the caller's, less :data:`CONFIG_VARIABLES`, with
    Material's notice off (:data:`MATERIAL_NOTICE_OFF`), plus ``env``."""
    inherited = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    return {**inherited, **MATERIAL_NOTICE_OFF, **(env or {})}


def build(dest: Path, *extra: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """A strict ``mkdocs build`` of the project at ``cwd`` into ``dest`` (environment: :func:`build_env`)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest), *extra],
        cwd=cwd, capture_output=True, text=True, env=build_env(env),
    )


# --- A static server ------------------------------------------------------------------

#: Files the gzip server compresses (what a real host compresses).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".bib"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; text gzip-compressed when ``gzip`` is on and the client
    accepts it; the sitemap's addresses moved here when ``deployed_at`` is set."""

    gzip = False
    deployed_at: str | None = None

    def log_message(self, *args):  # keep test and script output readable
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        sitemap = self.deployed_at is not None and self.path.split("?")[0] == "/sitemap.xml" and path.is_file()
        if not (self.gzip or sitemap):
            return super().send_head()
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash URL
            path = path / "index.html"
        accepts = self.gzip and "gzip" in self.headers.get("Accept-Encoding", "")
        if not (sitemap or (accepts and path.is_file() and path.suffix in COMPRESSIBLE)):
            return super().send_head()
        body = path.read_bytes()
        if sitemap:
            host, port = self.server.server_address[:2]
            body = body.replace(self.deployed_at.encode(), f"http://{host}:{port}/".encode())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if accepts:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A page closed while a file was still being sent is not an error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class StaticServer:
    """Serve ``directory`` on 127.0.0.1 on a free port; use as a context manager.

    >>> with StaticServer(site_dir, gzip=True) as server:
    ...     server.url  # "http://127.0.0.1:PORT/"

    ``deployed_at``: the site's ``site_url``. The server then serves the site as if it
    were deployed at its own address: ``sitemap.xml`` lists its pages here. Material's
    instant navigation follows only links to pages its sitemap lists, compared by
    protocol, host *and port*; it moves the sitemap's addresses to the page's protocol
    and host but keeps their port, so without this every link is a full page load.
    """

    def __init__(self, directory: Path, *, gzip: bool = False, deployed_at: str | None = None):
        handler = type("Handler", (_Handler,), {"gzip": gzip, "deployed_at": deployed_at})
        self.httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- Chromium ---------------------------------------------------------------------------

#: Debian's Chromium (``apt-get install chromium``), or ``$CHROMIUM``.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Flags for a headless Chromium, as root, on a machine without network access.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class BrowserMissing(RuntimeError):
    """Debian's Chromium is not installed."""


def launch_chromium(playwright, **options):
    """Launch Debian's Chromium headless through a started Playwright."""
    if not Path(CHROMIUM).exists():
        raise BrowserMissing(f"{CHROMIUM} not found: apt-get install chromium (or set CHROMIUM)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **options)


# --- axe-core ---------------------------------------------------------------------------

#: WCAG 2.2 A/AA and best practice: the tags axe-core 4.x gives those rules (the guide's
#: target is WCAG 2.2 AA; AAA and axe's experimental rules are not part of it).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
#: A page whose CSS transitions and animations have finished (wait for it before axe:
#: colours mid-fade are not what anyone reads).
SETTLED = "() => document.getAnimations().length === 0"
#: A page the guide's scripts have finished with: section-tools.js has put all its tools
#: in (``<article data-section-tools>``, where the page names it and has headings), and
#: CSS transitions have ended.
READY = f"""() => (document.querySelector('article[data-section-tools]') !== null
  || !document.querySelector('script[src*="section-tools.js"]')
  || !document.querySelector('article :is(h2, h3)[id]'))
  && ({SETTLED})()"""


def accessible_names(page, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    """(role, name) of each node of Chromium's accessibility tree (CDP, what a screen
    reader gets) with one of ``roles``, in document order; ignored nodes left out."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [(node["role"]["value"], node.get("name", {}).get("value", "")) for node in nodes
            if not node.get("ignored") and node.get("role", {}).get("value") in roles]


def open_ready(page, url: str) -> None:
    """Open ``url`` and wait until the page is :data:`READY` (its scripts ran at the load;
    Material's search loads its index when first used, and its tests wait for results)."""
    page.goto(url, wait_until="load")
    page.wait_for_function(READY)


def wait_for_landing(page, element_id: str, slack: float = 40) -> None:
    """Wait until the element ``element_id`` (a deep link's target) sits just below
    Material's header: its top between the header's bottom and ``slack`` px lower."""
    header = page.locator(".md-header").bounding_box()
    page.wait_for_function(
        "([id, bottom, slack]) => { const t = document.getElementById(id).getBoundingClientRect().top;"
        " return t >= bottom && t <= bottom + slack; }", arg=[element_id, header["y"] + header["height"], slack])


#: True once Material's search results have not changed for 300 ms (poll it with
#: ``wait_for_function(..., polling=100)``). Typed letter by letter, each letter is a
#: query: a late answer for "Wig" can redraw the list after ArrowDown and take the focus.
SEARCH_SETTLED = """() => {
  const list = document.querySelector('.md-search-result__list');
  const now = list ? list.innerHTML : '';
  if (window.__results !== now) { window.__results = now; window.__since = performance.now(); }
  return performance.now() - window.__since >= 300;
}"""


#: Run in a loaded page: from then on, the page records in ``window.__requested`` every
#: address its scripts ask for (XMLHttpRequest and fetch), at the moment they ask.
#: Material's instant navigation fetches a page that way, so a page fetched again shows
#: in the list at once, before anything of it arrives (``page_requested`` reads it).
WATCH_REQUESTS = """() => {
  window.__requested = [];
  const note = (url) => window.__requested.push(new URL(url, location.href).href);
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) { note(url); return open.apply(this, arguments); };
  const fetch = window.fetch;
  window.fetch = function (input, init) { note(input.url || input); return fetch.call(this, input, init); };
}"""


def page_requested(page) -> list[str]:
    """The pages (addresses ending in /, hash aside) requested since :data:`WATCH_REQUESTS`
    ran, and clears the list."""
    return [url for url in page.evaluate("() => window.__requested.splice(0)") if url.split("#")[0].endswith("/")]


def open_for_instant_navigation(page, url: str) -> None:
    """Open ``url`` as a reader does and wait until Material's instant navigation can
    take the next click (it follows only links its sitemap lists, fetched after the
    load: the network is then idle); from then on :data:`WATCH_REQUESTS` records."""
    page.goto(url, wait_until="networkidle")
    page.evaluate(WATCH_REQUESTS)


def wait_for_instant_navigation(page, url: str) -> None:
    """Wait for the address ``url`` after a click, and check that Material's instant
    navigation fetched that page by script (no load: :data:`WATCH_REQUESTS` ran before).
    The address changes before the content: wait for the new content too."""
    page.wait_for_url(url)
    assert page_requested(page) == [url], f"{url}: a full page load, not Material's instant navigation"


@functools.cache
def pdf_text(pdf: Path | bytes, page: int | None = None, *, margin: int = 0, layout: bool = False) -> str:
    """What poppler's pdftotext reads in a PDF (a file or its bytes): the printed text as
    an independent tool sees it. ``page``: that page only (1-based); ``margin``: leave out
    that many points at the foot of an A4 page (the handouts' footer); ``layout``: keep the
    lines' layout. Pages are separated by form feeds."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if margin:
        args += ["-x", "0", "-y", "0", "-W", "595", "-H", str(842 - margin)]
    data = pdf if isinstance(pdf, bytes) else None
    proc = subprocess.run([*args, "-" if data is not None else str(pdf), "-"], input=data,
                          capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def axe_script() -> str:
    """axe-core's source, as shipped by axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_violations(page, context=None) -> list[dict]:
    """Run axe-core with :data:`AXE_OPTIONS` in a Playwright page (``context``: an axe
    include/exclude context, e.g. ``{"include": [".md-tooltip2--active"]}``)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # once per document
        page.evaluate(axe_script())
    return page.evaluate(AXE_RUN, [context, AXE_OPTIONS] if context else [AXE_OPTIONS])


#: The JavaScript that runs axe once :func:`axe_script` is in the page (for Playwright's
#: async API: ``await page.evaluate(axe_script()); await page.evaluate(AXE_RUN, [AXE_OPTIONS])``).
#: Content the browser skips until it is near the view (CSS ``content-visibility: auto``,
#: the link page's lists) is rendered for the run: axe-core hit-tests and measures
#: what is painted, and reports skipped content wrongly (axe-core#2768; its
#: target-size rule found entries of skipped lists "partially obscured"). The reader
#: sees that content rendered, once it is scrolled near.
AXE_RUN = """(args) => {
  const all = document.createElement('style');
  all.textContent = '* { content-visibility: visible !important; }';
  document.head.append(all);
  return axe.run(...args).then((r) => r.violations).finally(() => all.remove());
}"""


def describe_violations(violations: list[dict]) -> str:
    """axe violations, one line each: rule, impact, nodes and axe's own summary."""
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:3]]
        summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")[:240]
        lines.append(f"  {violation['id']} ({violation['impact']}), {len(violation['nodes'])} node(s) {targets}: {summary}")
    return "\n".join(lines)
