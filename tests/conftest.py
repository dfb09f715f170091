"""Shared fixtures: one strict build of the site per test session."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sl_guide.toolkit import ROOT, StaticServer, build, launch_chromium, nav_pages  # noqa: F401  (re-exported for fixtures)


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

    @functools.cache
    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / rel).read_text(encoding="utf-8"), "lxml")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def urls(self) -> list[str]:
        """The URL path of every content page, relative to the site root ("", "key-points/", …)."""
        return [self.rel(path)[: -len("index.html")] for path in self.pages()]

    def article(self, rel: str):
        return self.soup(rel).select_one("article.md-content__inner")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    dest = tmp_path_factory.mktemp("site")
    proc = build(dest)
    if proc.returncode != 0:
        pytest.fail(f"strict build failed:\n{proc.stderr[-4000:]}")
    return Site(dest, proc.stdout + proc.stderr, proc.returncode)


# --- Browser layer: the built site over real HTTP, driven by Debian's Chromium --------


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a random free port); yields the base URL."""
    with StaticServer(site.root) as static:
        yield static.url


@pytest.fixture(scope="session")
def browser():
    """Playwright's Chromium from Debian. In CI a missing browser fails the run;
    locally the browser tests skip with a clear message."""
    from playwright.sync_api import sync_playwright

    from sl_guide.toolkit import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium to run the browser tests")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (no shared storage)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    """A fresh page with JavaScript disabled (what a reader without scripts sees)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
