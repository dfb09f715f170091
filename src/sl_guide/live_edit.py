"""Live editing check (issue 7): with ``mkdocs serve`` running, an edit to a page or
to ``references.bib`` shows up on reload.

What :func:`check` does, in a temporary copy of the project (the work tree is never
touched):

1. starts ``mkdocs serve`` with the flags of ``make serve`` on a free 127.0.0.1 port,
   its output going to a log file (read back when something fails);
2. appends a sentence with a unique marker to ``docs/about.md`` and polls the served
   ``/about/`` page until the sentence appears;
3. changes the title of the reference the about page cites in ``references.bib`` and
   polls until the new title appears in that page's References and on the
   bibliography page.

Each wait is bounded. Edits to Python (hooks, plugins, this package) are NOT picked
up by a running ``mkdocs serve``: MkDocs imports a hook once per process
(mkdocs#3993) and an installed plugin likewise, so the site rebuilds with the old
code. README and CONTRIBUTING say so: restart ``make serve`` after editing Python.

Used by ``scripts/live_edit_check.py`` (``make live-check``) and tests/test_live_edit.py.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

from sl_guide.toolkit import ROOT, build_env, project_copy


class LiveEditError(RuntimeError):
    """An edit did not show up (the message ends with the tail of mkdocs serve's log)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The page's HTML, or "" while the server is not answering (yet)."""
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
            raise LiveEditError(f"mkdocs serve exited with status {server.returncode}")
        if needle in fetch(url):
            return time.monotonic() - start
        time.sleep(0.25)
    raise LiveEditError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def edit_bib_title(bib: Path, key: str, marker: str) -> None:
    """Append ``marker`` to the title of entry ``key``."""
    text = bib.read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{" + re.escape(key) + r",.*?\n\}", text, re.DOTALL)
    if not entry:
        raise LiveEditError(f"no entry '{key}' in {bib}")
    changed, count = re.subn(r"(title\s*=\s*\{+[^}]*?)(\}+)", lambda m: f"{m[1]} {marker}{m[2]}", entry.group(0), count=1)
    if not count:
        raise LiveEditError(f"entry '{key}' has no title")
    bib.write_text(text[: entry.start()] + changed + text[entry.end():], encoding="utf-8")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def check(timeout: float = 60.0, log: Callable[[str], object] = print, root: Path = ROOT) -> None:
    """Run the whole check; raise :class:`LiveEditError` on the first edit that does not show up."""
    with tempfile.TemporaryDirectory(prefix="live-edit-") as tmp:
        project = project_copy(Path(tmp) / "project", root)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        serve_log = Path(tmp) / "mkdocs-serve.log"
        with serve_log.open("w", encoding="utf-8") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=project, env={**build_env(), "PYTHONUNBUFFERED": "1"}, stdin=subprocess.DEVNULL,
                stdout=output, stderr=subprocess.STDOUT,
            )
        try:
            page = project / "docs" / "about.md"
            cited = re.search(r"\[@([A-Za-z][\w:-]*)", page.read_text(encoding="utf-8"))
            if not cited:
                raise LiveEditError("docs/about.md cites nothing: pick another page for the reference edit")
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
        except LiveEditError as error:
            _stop(server)
            tail = serve_log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise LiveEditError(f"{error}\n--- mkdocs serve output (last 3000 characters) ---\n{tail}") from None
        finally:
            _stop(server)
