"""Shared fixtures: one strict build of the site per test session."""

from __future__ import annotations

import functools
import http.server
import threading
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))


def nav_pages() -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in reading order."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and friends
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    pages: list[str] = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                pages.append(value)

    walk(config["nav"])
    return pages


@dataclass(eq=False)
class Site:
    """A built site: its folder and the build's log."""

    root: Path
    log: str
    returncode: int

    def pages(self) -> list[Path]:
        """Every content page (not the 404 page, redirects or the print view)."""
        found = []
        for path in sorted(self.root.rglob("index.html")):
            html = path.read_text(encoding="utf-8")
            if 'http-equiv="refresh"' in html or "/print_page/" in path.as_posix():
                continue
            found.append(path)
        return found

    @functools.lru_cache(maxsize=None)
    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / rel).read_text(encoding="utf-8"), "lxml")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def urls(self) -> list[str]:
        """The URL path of every content page, relative to the site root ("", "key-points/", …)."""
        return [self.rel(path)[: -len("index.html")] for path in self.pages()]

    def article(self, rel: str):
        return self.soup(rel).select_one("article.md-content__inner")


def build(dest: Path, *extra: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a strict build of the project at ``cwd`` into ``dest``."""
    # Both banners (Material's, and properdocs' pulled in by mkdocs-redirects) are silenced.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest), *extra],
        cwd=cwd, capture_output=True, text=True, env=environment,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    dest = tmp_path_factory.mktemp("site")
    proc = build(dest)
    if proc.returncode != 0:
        pytest.fail(f"strict build failed:\n{proc.stderr[-4000:]}")
    return Site(dest, proc.stdout + proc.stderr, proc.returncode)


# --- Browser layer: the built site over real HTTP, driven by Debian's Chromium --------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Flags for a headless Chromium on a machine without network access.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a random free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Playwright's Chromium from Debian. In CI a missing browser fails the run;
    locally the browser tests skip with a clear message."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh browser context and page per test (no shared storage)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture()
def nojs_page(browser):
    """A fresh page with JavaScript disabled (what a reader without scripts sees)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
