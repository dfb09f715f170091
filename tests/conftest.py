"""Shared fixtures: one strict build of the site per test session."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))


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

    def article(self, rel: str):
        return self.soup(rel).select_one("article.md-content__inner")


def build(dest: Path, *extra: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a strict build of the project at ``cwd`` into ``dest``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
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
