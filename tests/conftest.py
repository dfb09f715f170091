"""Shared fixtures: one strict build of the site per session, served once, crawled once
per browser configuration.

Layers (markers in pyproject.toml): tests without a marker run in ``make check`` on
the one build of the ``site`` fixture; ``browser``, ``slow`` and ``registry`` tests run
in ``make test`` only. Helpers shared with scripts live in :mod:`sl_guide.toolkit`;
import them from there (``ROOT``, ``build`` and ``nav_pages`` are re-exported here only
for test modules not yet moved, see the issue 11 report).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sl_guide import toolkit
from sl_guide.toolkit import ROOT, StaticServer, build, launch_chromium, nav_pages  # noqa: F401  (re-exported)


@dataclass(eq=False)
class Site:
    """A built site: its folder and the build's log."""

    root: Path
    log: str
    returncode: int
    _soups: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    def pages(self) -> list[Path]:
        """Every content page, in reading order (the Markdown pages of docs/: not the
        404 page, redirects or the print view), from MkDocs' own File objects."""
        return [self.root / page.dest_uri for page in toolkit.pages()]

    def soup(self, rel: str) -> BeautifulSoup:
        if rel not in self._soups:
            self._soups[rel] = BeautifulSoup((self.root / rel).read_text(encoding="utf-8"), "lxml")
        return self._soups[rel]

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def urls(self) -> list[str]:
        """The URL path of every content page, relative to the site root ("", "key-points/", …)."""
        return [page.url for page in toolkit.pages()]

    def article(self, rel: str):
        return self.soup(rel).select_one("article.md-content__inner")

    @staticmethod
    def is_editorial_box(element) -> bool:
        """An admonition the editors wrote: its title starts with "Editorial" (CONTRIBUTING)."""
        title = element.select_one(":scope > .admonition-title") if element.name else None
        return title is not None and title.get_text(strip=True).startswith("Editorial")

    @property
    def site_url(self) -> str:
        """The ``site_url`` the site was built with: the home page's canonical address."""
        return self.soup("index.html").select_one("link[rel=canonical]")["href"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The ONE strict build of the session. Its environment is the caller's less
    SITE_URL and OFFLINE (``toolkit.build_env``): what the tests see does not depend
    on what a developer exported."""
    dest = tmp_path_factory.mktemp("site")
    proc = build(dest)
    if proc.returncode != 0:
        # Every test reads this build: stop the session with the build's own message,
        # once (a failed fixture would repeat it in a traceback for every test).
        errors = [line for line in proc.stderr.splitlines() if re.match(r"(ERROR|WARNING)\s+-", line)]
        pytest.exit("the site does not build (mkdocs build --strict), so no test ran:\n"
                    + "\n".join(errors or proc.stderr.splitlines()[-30:]), returncode=1)
    return Site(dest, proc.stdout + proc.stderr, proc.returncode)


def pytest_collection_modifyitems(items):
    """A test that needs Chromium (the ``browser`` fixture, directly or through another
    fixture) is a ``browser`` test, marked or not: ``make check`` never starts a browser.

    ``make test`` runs the suite on several processes (pytest-xdist, ``--dist loadgroup``).
    Each process makes the session's fixtures (build, server, browser) itself, so tests
    that share a costlier fixture stay together in one process (``xdist_group``): every
    user of the crawl, and the tests of a module that has a module- or session-scoped
    fixture of its own (a PDF build, a checker, a copied project). The rest are shared out
    one by one."""
    for item in items:
        if "browser" in item.fixturenames and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.xdist_group(_group(item)))
    # Work that starts with the session, in the background, is read last: first the
    # tests of modules with early jobs (Early) and those of the offline build, then the
    # readers of the crawl (crawl_in_background), so that it is done by the time they ask.
    early = _early_modules(items)
    items.sort(key=lambda item: 2 if "crawl" in item.fixturenames
               else item.module in early or "offline_site" in item.fixturenames)


def _group(item) -> str:
    if "crawl" in item.fixturenames:
        return "crawl"
    module = item.module.__name__
    for defs in item._fixtureinfo.name2fixturedefs.values():
        fixturedef = defs[-1]
        if fixturedef.scope != "function" and getattr(fixturedef.func, "__module__", "") == module:
            return module
    return item.nodeid


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI=true) a skipped test fails the run: nothing may go unchecked there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; a skip is a failure in CI", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def offline_site(early) -> Path:
    """The site as ``make offline`` zips it (the real command, into a temporary folder),
    unzipped: what a reader opens from file:// (tests/test_offline.py, tests/test_print.py).
    Made in the background from the session's start (``start_early``)."""
    shim = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.is_file():
        toolkit.unavailable(f"{shim} missing: the offline build needs 'npm ci' (make test runs it when npm exists)")
    return early.fixture("offline_site", _make_offline).result()


def _make_offline(out: Path) -> Path:
    proc = subprocess.run(["make", "--no-print-directory", "offline", f"OFFLINE_DIR={out}"],
                          cwd=ROOT, capture_output=True, text=True, env=toolkit.build_env())
    assert proc.returncode == 0, f"make offline failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    archive = out / "site.zip"
    assert archive.is_file()
    unzipped = out / "unzipped"
    with zipfile.ZipFile(archive) as zf:
        assert "site/index.html" in zf.namelist()
        zf.extractall(unzipped)
    return unzipped / "site"


def background_priority() -> None:
    """Let the calling thread, and every process it starts, run only on CPU time that the
    tests of pytest's own thread leave idle (Linux's SCHED_IDLE policy; on Linux a
    thread's policy is its own and its child processes inherit it).

    A nice value is not enough: Chromium sets its own processes' nice values (renderers
    of a shown page to 0, whatever they inherited), but leaves their policy alone. The
    tests in the main thread are the longest path of the session; the background has
    time to spare until its readers, which come last."""
    with contextlib.suppress(AttributeError, OSError):  # elsewhere: the same work, same priority
        os.sched_setscheduler(threading.get_native_id(), os.SCHED_IDLE, os.sched_param(0))


class Early:
    """Jobs that mostly wait for a process of their own (a build of a changed project,
    a checker), run side by side, as many at a time as the machine has cores, and
    started with the session, before their tests ask.

    A test module declares its jobs with ``early_jobs(items, site)``: for its selected
    tests (and the session's build, for jobs that read it), ``{name: job}``, each job a
    callable of a new empty folder of its own (made here, in the test thread:
    ``tmp_path_factory`` is not thread-safe). ``start_early`` starts every module's jobs
    with the session's first test; the module's fixture takes ``early(request.module)``,
    ``{name: Future}`` (what has not started yet, under pytest-xdist, starts then).
    """

    def __init__(self, session, site, tmp_path_factory):
        from concurrent.futures import ThreadPoolExecutor

        self.session, self.site, self.tmp_path_factory = session, site, tmp_path_factory
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="early",
                                       initializer=background_priority)
        self.futures: dict[tuple[str, str], object] = {}

    def _jobs(self, module) -> dict:
        items = [item for item in self.session.items if item.module is module]
        jobs = dict(module.early_jobs(items, self.site)) if hasattr(module, "early_jobs") else {}
        wanted = {item.originalname for item in items}
        jobs.update({name: job for name, job in getattr(module, "EARLY", {}).items() if name in wanted})
        return jobs

    def start(self, module) -> dict:
        """Start the module's jobs that have not started; gives all of them, by name."""
        jobs = self._jobs(module)
        for name, job in jobs.items():
            if (module.__name__, name) not in self.futures:
                folder = self.tmp_path_factory.mktemp(re.sub(r"[^\w.-]+", "-", f"{module.__name__}-{name}")[:60])
                self.futures[(module.__name__, name)] = self.pool.submit(job, folder)
        return {name: self.futures[(module.__name__, name)] for name in jobs}

    __call__ = start

    def fixture(self, name: str, job) -> object:
        """Start the session fixture ``name``'s job (``job(folder)``) unless it has started;
        gives its Future."""
        if ("", name) not in self.futures:
            self.futures[("", name)] = self.pool.submit(job, self.tmp_path_factory.mktemp(name))
        return self.futures[("", name)]


@pytest.fixture(scope="session")
def early(request, site, tmp_path_factory):
    """``early(request.module)``: the module's ``early_jobs``, ``{name: Future}`` (:class:`Early`)."""
    jobs = Early(request.session, site, tmp_path_factory)
    yield jobs
    jobs.pool.shutdown(wait=True, cancel_futures=True)


def _early_modules(items) -> set:
    """The modules of ``items`` that declare ``early_jobs`` or ``EARLY``."""
    return {item.module for item in items if hasattr(item.module, "early_jobs") or hasattr(item.module, "EARLY")}


@pytest.fixture
def early_result(request, early):
    """The result of this test's job in its module's ``EARLY`` (``{test name: job}``, each
    job a callable of a new empty folder): the work that mostly waits for processes of its
    own (a build of a changed project, mkdocs serve, pandoc), started with the session in
    the background (:class:`Early`). An exception of the job is raised here."""
    return early(request.module)[request.node.originalname].result()


@pytest.fixture(scope="session", autouse=True)
def start_early(request):
    """Start every selected module's ``early_jobs`` and ``EARLY``, and the offline build
    when a test reads it, with the session's first test (one process of pytest-xdist
    starts a module's jobs when its fixture first asks)."""
    modules = _early_modules(request.session.items)
    offline = any("offline_site" in item.fixturenames for item in request.session.items)
    if (modules or offline) and os.environ.get("PYTEST_XDIST_WORKER") is None:
        early = request.getfixturevalue("early")
        if offline:
            early.fixture("offline_site", _make_offline)
        for module in sorted(modules, key=lambda module: module.__name__):
            early.start(module)


# --- Browser layer: the built site over real HTTP, driven by Debian's Chromium --------


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a random free port), as if deployed there (its
    sitemap lists the pages at this address, so that Material's instant navigation works:
    ``toolkit.StaticServer``); yields the base URL."""
    with StaticServer(site.root, deployed_at=site.site_url) as static:
        yield static.url


@pytest.fixture(scope="session")
def browser():
    """Playwright's Chromium from Debian. In CI a missing browser fails the run;
    locally the browser tests skip with a clear message."""
    from playwright.sync_api import sync_playwright

    if not Path(toolkit.CHROMIUM).exists():
        toolkit.unavailable(f"{toolkit.CHROMIUM} not found: apt-get install chromium to run the browser tests "
                            "(.ci/run installs it)")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Pages:
    """Browser pages handed out clean, one long-lived page per set of context options.

    A new context and page cost Chromium about 0.6 s (a renderer process, a cold HTTP
    cache); handing out a page that exists, after a reset, costs about 0.2 s. The reset
    leaves nothing of the last test behind that a test could see: the document
    (``about:blank``), local and session storage of the site's origin, cookies,
    permissions (granted again as the options say), routes, the viewport and emulated
    media. A test that adds init scripts makes a context of its own; one that adds
    listeners removes them in a ``finally``.
    """

    def __init__(self, browser, server: str):
        self.browser, self.origin = browser, server.rstrip("/")
        self._open: dict[str, tuple[object, object, dict]] = {}

    def __call__(self, **options):
        key = repr(sorted(options.items()))
        if key not in self._open:
            context = self.browser.new_context(**options)
            self._open[key] = (context, context.new_page(), options)
            return self._open[key][1]
        context, page, options = self._open[key]
        if page.url.startswith(self.origin):
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.goto("about:blank")
        context.clear_cookies()
        context.clear_permissions()
        if options.get("permissions"):
            context.grant_permissions(options["permissions"])
        context.unroute_all()
        page.unroute_all()
        page.set_viewport_size(options.get("viewport", {"width": 1280, "height": 720}))
        page.emulate_media(media="null", color_scheme=options.get("color_scheme", "light"))
        return page

    def close(self) -> None:
        for context, _, _ in self._open.values():
            context.close()


@pytest.fixture(scope="session")
def pages(browser, server):
    """``pages(viewport=…, color_scheme=…)``: a clean page of a context with those
    options (Playwright's ``new_context`` keywords), reused across the session."""
    pool = Pages(browser, server)
    yield pool
    pool.close()


@pytest.fixture
def page(pages):
    """A clean page (Playwright's default context: 1280 x 720, light)."""
    return pages()


@pytest.fixture
def nojs_page(pages):
    """A clean page with JavaScript disabled (what a reader without scripts sees)."""
    return pages(java_script_enabled=False, viewport={"width": 1280, "height": 900})


# --- The crawls: each browser configuration visits its pages ONCE -----------------------
#
# tests/test_a11y.py (axe-core, script errors), tests/test_privacy.py (every request) and
# tests/test_nojs.py (what shows without JavaScript) all assert on the same visits.

#: One page of each kind, for the configurations where a pass over every page adds
#: nothing: the dark palette and the 390 px layout change colours and layout, which
#: are the same on every page of a kind (same template, same CSS, same components).
#: Each kind the site has is here: the home page (cards and contents), a content page
#: (why-now/: tables, citations, an editorial note, its References and "Cite this
#: section"), the self-assessment form, the bibliography (entries, "Cited on"), the
#: glossary (definition lists, abbreviations), the concept map (inline SVG), the link
#: page (long link lists), the tags index, the 404 page and the whole-guide print view,
#: which holds the content of every page (each table, example, admonition and
#: citation of the guide) in the same palette and width.
REPRESENTATIVE = [
    "", "why-now/", "self-assessment/", "bibliography/", "glossary/", "concept-map/", "link-to-this-guide/",
    "tags/", "print_page/", "404.html",
]

#: name: (colour scheme, viewport width, JavaScript on, pages visited, pages axe checks).
#: "all" is every page of the site, the print view and the 404 page. The 390 px light pass
#: visits every page (a phone: touch, mobile viewport) for the layout of each page's own
#: content (tests/test_phone.py); axe there and in dark runs on the representative set.
CONFIGURATIONS = {
    "light-1280": ("light", 1280, True, "all", "all"),
    "dark-1280": ("dark", 1280, True, "representative", "representative"),
    "light-390": ("light", 390, True, "all", "representative"),
    "dark-390": ("dark", 390, True, "representative", "representative"),
    "nojs-1280": ("light", 1280, False, "all", None),
}

#: The layout of each visit (JavaScript on; tests/test_phone.py): how far the page
#: scrolls sideways, and the headings whose tools (copy link, print) do not sit on
#: the line of the heading's last word.
LAYOUT = """() => {
  const lonely = [];
  // Pages that load section-tools.js get tools on every h2 and h3; elsewhere the
  // heading keeps Material's permalink (¶), which must not wrap alone either.
  const scripted = !!document.querySelector('script[src*="section-tools.js"]');
  for (const heading of document.querySelectorAll('article.md-content__inner :is(h2, h3)[id]')) {
    const tools = heading.querySelector('.section-tools') || (!scripted && heading.querySelector('.headerlink'));
    if (!tools) { lonely.push(heading.id + ' (no tools)'); continue; }
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT, {acceptNode: node =>
      node.parentElement.closest('.section-tools, .headerlink') || !node.textContent.trim()
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node;
    const range = document.createRange();
    range.selectNodeContents(last);
    const line = [...range.getClientRects()].pop();
    const box = tools.getBoundingClientRect();
    const centre = box.top + box.height / 2;
    if (!(line.top <= centre && centre <= line.bottom)) lonely.push(heading.id);
  }
  // Text of the article set below 12 px (what is shown: visible, not a 1 px helper).
  const small = new Set();
  const texts = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility({visibilityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    const px = parseFloat(getComputedStyle(element).fontSize);
    if (box.width > 1 && box.height > 1 && px < 12) small.add(`${node.textContent.trim().slice(0, 30)} (${px.toFixed(1)} px)`);
  }
  return {overflow: document.documentElement.scrollWidth - innerWidth, lonely, small: [...small]};
}"""

#: What a reader without JavaScript sees of the article: read in one call per page.
NOJS_FINDINGS = """() => {
  const shown = (e) => {
    if (!e) return false;
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  };
  const article = document.querySelector("article.md-content__inner");
  if (!article) return null;
  const anchors = [...new Set([...article.querySelectorAll("a.citation[href*='#']")]
    .map((a) => a.getAttribute("href").split("#")[1]))];
  return {
    visible: shown(article),
    text: article.innerText,
    tables: [...article.querySelectorAll("table")].map((t) => ({visible: shown(t), text: t.innerText.trim()})),
    citations: [...article.querySelectorAll("a.citation")].map((a) => ({text: a.innerText, visible: shown(a)})),
    references: Object.fromEntries(anchors.map((id) => {
      const found = document.querySelectorAll(`[id="${CSS.escape(id)}"]`);
      return [id, {count: found.length, visible: shown(found[0]), text: found[0] ? found[0].innerText.trim() : ""}];
    })),
  };
}"""


@dataclass
class Visit:
    """What one page showed in one configuration."""

    url: str
    palette: str | None = None  # <body data-md-color-scheme>
    axe: list[dict] | None = None  # axe-core violations (JavaScript on; None: axe not run here)
    layout: dict | None = None  # LAYOUT (JavaScript on)
    nojs: dict | None = None  # NOJS_FINDINGS (JavaScript off)


@dataclass
class Crawl:
    """One configuration's pass over its pages."""

    name: str
    scheme: str
    width: int
    javascript: bool
    visits: dict[str, Visit] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (page URL, requested URL)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    searched: bool = False  # the search (worker and index) was used at the end


class Crawler:
    """Crawls the configurations the session's tests need, ALL AT ONCE, and keeps them.

    The crawls run concurrently (Playwright's async API, one browser context each, in a
    thread of their own): axe-core's run is CPU work in Chromium's renderers, so two
    cores work at once instead of one. Which configurations are needed comes from the
    selected tests' modules (their ``CRAWLS`` list); a name asked for later is crawled then.
    """

    def __init__(self, server: str, site: Site, needed: list[str]):
        self.server, self.site, self.needed = server, site, needed
        self._done: dict[str, Crawl] = {}
        self._started: tuple[list[str], tuple] | None = None  # (names, (thread, outcome))

    def _pages(self, which: str | None) -> list[str]:
        if which is None:
            return []
        return [*self.site.urls(), "print_page/", "404.html"] if which == "all" else list(REPRESENTATIVE)

    def urls(self, name: str) -> list[str]:
        """The pages configuration ``name`` visits."""
        return self._pages(CONFIGURATIONS[name][3])

    def axe_urls(self, name: str) -> list[str]:
        """The pages where configuration ``name`` runs axe-core."""
        return self._pages(CONFIGURATIONS[name][4])

    def __call__(self, name: str) -> Crawl:
        if name not in self._done:
            if self._started is None or name not in self._started[0]:
                self.start([name])
            self._join()
        return self._done[name]

    def start(self, names: list[str] | None = None) -> None:
        """Start crawling (in a thread of its own) what the session needs and ``names``;
        the tests that read a crawl wait for it."""
        self._join()
        names = [n for n in dict.fromkeys([*(names or []), *self.needed]) if n not in self._done]
        if names:
            self._started = (names, self._run(names))

    def _join(self) -> None:
        if self._started is not None:
            _, (thread, outcome) = self._started
            thread.join()
            self._started = None
            if "error" in outcome:
                raise outcome["error"]
            self._done.update(outcome["crawls"])

    def _run(self, names: list[str]):
        import asyncio
        import threading

        outcome: dict = {}

        async def crawl_all():
            from playwright.async_api import async_playwright

            async with async_playwright() as playwright:
                chromium = await launch_chromium(playwright)
                try:
                    parts = await asyncio.gather(*(self._crawl(chromium, name, urls, last)
                                                   for name, urls, last in jobs))
                finally:
                    await chromium.close()
            crawls: dict[str, Crawl] = {}
            for (name, _, _), part in zip(jobs, parts, strict=True):
                crawl = crawls.setdefault(name, Crawl(name, part.scheme, part.width, part.javascript))
                crawl.visits.update(part.visits)
                crawl.requests += part.requests
                crawl.errors += part.errors
                crawl.searched |= part.searched
            return crawls

        # The long crawl (light 1280 px, every page) in two halves, so that no single
        # stream is left running alone at the end: (name, its pages, does the search?).
        jobs = []
        for name in names:
            urls = self.urls(name)
            halves = [urls[: len(urls) // 2], urls[len(urls) // 2 :]] if name == "light-1280" else [urls]
            jobs += [(name, half, i == len(halves) - 1) for i, half in enumerate(halves)]

        def thread():
            background_priority()
            try:
                outcome["crawls"] = asyncio.run(crawl_all())
            except BaseException as error:  # re-raised in the test's thread  # noqa: BLE001
                outcome["error"] = error

        worker = threading.Thread(target=thread, name="crawl", daemon=True)
        worker.start()
        return worker, outcome

    async def _crawl(self, browser, name: str, urls: list[str], last: bool) -> Crawl:
        """Visit ``urls`` in a context of configuration ``name`` (``last``: then use the search)."""
        scheme, width, javascript, _, _ = CONFIGURATIONS[name]
        crawl = Crawl(name, scheme, width, javascript)
        phone = width < 600
        context = await browser.new_context(color_scheme=scheme, java_script_enabled=javascript,
                                            viewport={"width": width, "height": 844 if phone else 900},
                                            is_mobile=phone, has_touch=phone)
        axe_urls = set(self.axe_urls(name))
        current = [""]
        context.on("request", lambda request: crawl.requests.append((current[0], request.url)))
        page = await context.new_page()
        page.on("console", lambda m: m.type == "error" and crawl.errors.append(f"/{current[0]}: console: {m.text}"))
        page.on("pageerror", lambda e: crawl.errors.append(f"/{current[0]}: uncaught: {e}"))
        try:
            for url in urls:
                current[0] = url
                visit = crawl.visits[url] = Visit(url)
                await page.goto(self.server + url, wait_until="load")
                if not javascript:
                    visit.nojs = await page.evaluate(NOJS_FINDINGS)
                    continue
                await page.wait_for_function(toolkit.READY)
                visit.palette = await page.get_attribute("body", "data-md-color-scheme")
                visit.layout = await page.evaluate(LAYOUT)
                if url in axe_urls:
                    await page.evaluate(toolkit.axe_script())
                    visit.axe = await page.evaluate(toolkit.AXE_RUN, [toolkit.AXE_OPTIONS])
                citations = page.locator("article a.citation")
                if name == "light-1280" and await citations.count():
                    # What loads more: a citation preview (hover)…
                    await citations.first.hover()
                    await page.wait_for_selector(".md-tooltip2--active")
            if javascript and name == "light-1280" and last:
                # …and the search (worker and index), once.
                current[0] = "(search)"
                await page.goto(self.server + "key-points/", wait_until="load")
                await page.keyboard.press("/")
                await page.keyboard.type("Wigan")
                await page.wait_for_selector(".md-search-result__item", state="visible")
                crawl.searched = True
            await page.wait_for_load_state("networkidle")
        finally:
            await context.close()
        return crawl


@pytest.fixture(scope="session")
def crawl(request, browser, server, site) -> Crawler:
    """``crawl("light-1280")``: that configuration's visits, made once per session
    (``browser`` is requested for its check that Chromium is there)."""
    needed = [name for item in request.session.items if "crawl" in item.fixturenames
              for name in getattr(item.module, "CRAWLS", [])]
    return Crawler(server, site, list(dict.fromkeys(needed)))


@pytest.fixture(scope="session", autouse=True)
def crawl_in_background(request):
    """When the session has readers of the crawl, start it with the session's first test:
    it runs in a thread of its own while the other tests run (they leave a core idle
    much of the time: waiting for builds, pages and Java), and its readers come last
    (``pytest_collection_modifyitems``). Under pytest-xdist each process crawls when
    a test of its own first asks."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None and any(
            "crawl" in item.fixturenames for item in request.session.items):
        request.getfixturevalue("crawl").start()
