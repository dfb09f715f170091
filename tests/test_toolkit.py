"""The shared toolkit (issue 11, item 3): what tests and scripts rely on, checked against
MkDocs itself and against a real HTTP client."""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from sl_guide import toolkit


def test_pages_follow_mkdocs_files():
    """Every page of the nav, in order, with MkDocs' own URL and output path."""
    pages = toolkit.pages()
    assert pages[0].src_uri == "index.md" and pages[0].url == "" and pages[0].dest_uri == "index.html"
    assert toolkit.nav_pages() == [p.src_uri for p in pages if p.in_nav] and len(toolkit.nav_pages()) > 20
    for page in pages:
        assert toolkit.url_of(page.src_uri) == page.url
        assert toolkit.dest_of(page.src_uri) == page.dest_uri
        assert toolkit.src_of(page.dest_uri) == page.src_uri
        assert page.dest_uri == page.url + "index.html"  # use_directory_urls
    assert toolkit.url_of("examples/wigan.md") == "examples/wigan/"
    with pytest.raises(KeyError, match=r"docs/nowhere\.md is not a page"):
        toolkit.url_of("nowhere.md")


def test_configs_load_side_by_side_in_threads(tmp_path):
    """Early jobs (tests/conftest.py) read configs in threads of their own while the
    tests read theirs: each load gives MkDocs' result, whatever runs beside it (MkDocs
    keeps a config check's state in option objects that all configs share)."""
    from concurrent.futures import ThreadPoolExecutor

    project = toolkit.project_copy(tmp_path / "project")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    files = []
    for n in range(8):  # files of their own: no load is answered from the cache
        files.append(project / f"mkdocs-{n}.yml")
        files[-1].write_text(re.sub(r"^site_name: .*$", f"site_name: Site {n}", text, count=1, flags=re.M),
                             encoding="utf-8")
    with ThreadPoolExecutor(max_workers=4) as pool:
        configs = list(pool.map(toolkit.load_config, files))
    assert [config.site_name for config in configs] == [f"Site {n}" for n in range(8)]


def test_build_env_ignores_the_callers_site_url(monkeypatch):
    """An exported SITE_URL or OFFLINE never reaches a test's build unless asked for."""
    monkeypatch.setenv("SITE_URL", "https://example.org/x/")
    monkeypatch.setenv("OFFLINE", "true")
    env = toolkit.build_env()
    assert "SITE_URL" not in env and "OFFLINE" not in env
    assert env["PATH"]
    assert toolkit.build_env({"SITE_URL": "https://example.org/y/"})["SITE_URL"] == "https://example.org/y/"


def test_project_copy_leaves_out_what_a_build_does_not_need(tmp_path):
    project = toolkit.project_copy(tmp_path / "copy")
    assert (project / "mkdocs.yml").read_bytes() == (toolkit.ROOT / "mkdocs.yml").read_bytes()
    assert (project / "docs" / "index.md").is_file()
    for left_out in (".git", ".venv", "site"):
        assert not (project / left_out).exists(), left_out


def test_front_matter_is_read_like_mkdocs():
    meta = toolkit.front_matter(toolkit.ROOT / "docs" / "about.md")
    assert isinstance(meta, dict) and meta.get("description")


def test_static_server_gzip(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<!doctype html><title>a</title>" + "x" * 2000)
    with toolkit.StaticServer(tmp_path, gzip=True) as server:
        request = urllib.request.Request(server.url + "a/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode().endswith("x" * 2000)
        with urllib.request.urlopen(server.url + "a/index.html") as response:
            assert response.headers.get("Content-Encoding") is None and len(response.read()) > 2000
