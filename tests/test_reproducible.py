"""Reproducible builds (issue 7): two clean builds of the same sources give a
byte-identical site.

The second build runs from a copy of the project at another path, so an
absolute path, a random id or the clock leaking into any output file shows up
as a difference. Dates come from SOURCE_DATE_EPOCH, which the Makefile takes
from the last commit (``git log -1 --format=%ct``) and MkDocs honours.

The copy starts without the project's build cache (``.cache/sl-guide/``: minified
scripts, compiled templates), so the two builds also show that a result read from the
cache is the one a build without it makes.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sl_guide import print_kit
from sl_guide.toolkit import ROOT, build, project_copy

pytestmark = pytest.mark.slow


def source_date_epoch() -> str:
    """The date both builds take: the build's own (print_kit), else 2020-03-01."""
    return print_kit.source_date_epoch(ROOT) or "1583020800"


def digests(root) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _build(which: str, tmp: Path):
    """One of the two builds: ``first`` from the project itself (its cache as the
    session's build left it), ``second`` from a copy without the cache."""
    if which == "first":
        cwd = ROOT
    else:
        cwd = project_copy(tmp / "project")
        shutil.rmtree(cwd / ".cache", ignore_errors=True)
    proc = build(tmp / "site", cwd=cwd, env={"SOURCE_DATE_EPOCH": source_date_epoch()})
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert any((cwd / ".cache" / "sl-guide" / "compacted").iterdir()), "the build kept no minified script"
    return tmp / "site"


def early_jobs(items, site) -> dict:
    """Both builds (conftest ``Early``: they start with the session, side by side)."""
    return {which: functools.partial(_build, which) for which in ("first", "second")}


@pytest.fixture(scope="module")
def two_builds(request, early):
    started = early(request.module)
    return started["first"].result(), started["second"].result(), int(source_date_epoch())


def test_two_builds_are_byte_identical(two_builds):
    first, second, _ = two_builds
    a, b = digests(first), digests(second)
    assert len(a) > 20
    only = sorted(set(a) ^ set(b))
    assert not only, f"files in only one build: {only}"
    differ = sorted(name for name in a if a[name] != b[name])
    assert not differ, f"files that differ between two builds of the same sources: {differ}"


def test_sitemap_dates_come_from_source_date_epoch(two_builds):
    first, _, epoch = two_builds
    day = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (first / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {day}
    raw = (first / "sitemap.xml.gz").read_bytes()
    # The gzip header's MTIME field: MkDocs writes midnight (UTC) of the build date.
    midnight = int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())
    assert struct.unpack("<I", raw[4:8])[0] == midnight
    assert gzip.decompress(raw) == (first / "sitemap.xml").read_bytes()
