#!/usr/bin/env python3
"""Live editing check (issue 7): with ``mkdocs serve`` running, an edit to a
page or to ``references.bib`` shows up on reload.

What it does, in a temporary copy of the project (the work tree is never
touched):

1. starts ``mkdocs serve`` with the flags of ``make serve`` on a free
   127.0.0.1 port;
2. appends a sentence with a unique marker to ``docs/about.md`` and polls the
   served ``/about/`` page until the sentence appears;
3. changes the title of the reference the about page cites in
   ``references.bib`` and polls until the new title appears in that page's
   References and on the bibliography page.

Each wait is bounded (``--timeout``, 60 s by default). Exit status 0 when
every edit showed up, 1 otherwise; ``tests/test_live_edit.py`` runs it.

    .venv/bin/python scripts/live_edit_check.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "node_modules", ".pytest_cache", "__pycache__", "build", "benchmarks", "*.pyc"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, needle: str, timeout: float, server: subprocess.Popen) -> float:
    """Poll ``url`` until its HTML contains ``needle``; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with status {server.returncode}")
        if needle in fetch(url):
            return time.monotonic() - start
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def edit_bib_title(bib: Path, key: str, marker: str) -> None:
    """Append ``marker`` to the title of entry ``key``."""
    text = bib.read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{" + re.escape(key) + r",.*?\n\}", text, re.DOTALL)
    if not entry:
        raise RuntimeError(f"no entry '{key}' in {bib}")
    changed, count = re.subn(r"(title\s*=\s*\{+[^}]*?)(\}+)", lambda m: f"{m[1]} {marker}{m[2]}", entry.group(0), 1)
    if not count:
        raise RuntimeError(f"entry '{key}' has no title")
    bib.write_text(text[: entry.start()] + changed + text[entry.end():], encoding="utf-8")


def check(timeout: float = 60.0, log=print) -> None:
    """Run the whole check; raise on the first edit that does not show up."""
    with tempfile.TemporaryDirectory(prefix="live-edit-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
        if (ROOT / "node_modules").is_dir():
            (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        try:
            page = project / "docs" / "about.md"
            cited = re.search(r"\[@([A-Za-z][\w:-]*)", page.read_text(encoding="utf-8"))
            if not cited:
                raise RuntimeError("docs/about.md cites nothing: pick another page for the reference edit")
            seconds = wait_for(base + "about/", "</html>", timeout, server)
            log(f"served at {base} after {seconds:.1f} s")

            marker = f"Liveedit{uuid.uuid4().hex[:10]}"
            page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdited while serving: {marker}.\n", encoding="utf-8")
            seconds = wait_for(base + "about/", marker, timeout, server)
            log(f"page edit shown on /about/ after {seconds:.1f} s")

            marker = f"Livebib{uuid.uuid4().hex[:10]}"
            edit_bib_title(project / "references.bib", cited[1], marker)
            seconds = wait_for(base + "about/", marker, timeout, server)
            log(f"references.bib edit ({cited[1]}) shown in /about/ References after {seconds:.1f} s")
            seconds = wait_for(base + "bibliography/", marker, timeout, server)
            log(f"... and on /bibliography/ after {seconds:.1f} s")
        except Exception:
            server.terminate()
            err = server.communicate(timeout=20)[1]
            log("mkdocs serve output:\n" + err[-3000:])
            raise
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each edit (default 60)")
    args = parser.parse_args()
    try:
        check(args.timeout)
    except Exception as error:  # noqa: BLE001 - report any failure as exit status 1
        print(f"live edit check FAILED: {error}", file=sys.stderr)
        return 1
    print("live edit check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
