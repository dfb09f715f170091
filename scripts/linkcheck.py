#!/usr/bin/env python3
"""External link check (issue 7): every external URL of the built pages and of
``references.bib``, checked with LinkChecker (https://linkchecker.github.io/).

Needs a network, so it is never part of ``make test`` or CI: run ``make
linkcheck`` (which builds ``site/`` first) now and then, and before a release.

* The built site is crawled from ``site/index.html``; every internal link is
  followed and every external link (``--check-extern``) is requested once.
* Every ``url`` of ``references.bib`` is checked too, from a small generated
  HTML page, even if no page shows it.
* A URL known to be dead is recorded in its entry as
  ``note = {Archived copy: https://web.archive.org/web/<timestamp>/<url>}``:
  the original ``url`` is then skipped and the archived copy is checked
  instead (the citation hook prints "Archived copy: URL." after the
  reference).

    .venv/bin/python scripts/linkcheck.py [--site site] [--bib references.bib] [--list]

``--list`` prints the URLs from references.bib that would be checked and the
ones skipped as known dead, without any network access. The exit status is
LinkChecker's: 0 when every link works, 1 when some are broken.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bib_urls(bib: Path) -> tuple[list[str], list[str]]:
    """(URLs to check, original URLs skipped because an archived copy is recorded)."""
    from pybtex.database import parse_file

    from sl_guide.citations.core import archived_copy

    check, dead = [], []
    for entry in parse_file(str(bib), bib_format="bibtex").entries.values():
        url = entry.fields.get("url")
        archived = archived_copy(entry)
        if archived:
            check.append(archived)
            if url:
                dead.append(url)
        elif url:
            check.append(url)
    return list(dict.fromkeys(check)), dead


def linkchecker_command(site: Path, bib_page: Path, dead: list[str]) -> list[str]:
    exe = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which("linkchecker")
    if not exe:
        raise SystemExit("linkchecker is not installed: run `make install` (requirements-dev.txt pins it)")
    command = [exe, "--check-extern", "--no-status", "--threads", "4", "--timeout", "30"]
    # 404.html uses site-root paths (it is served for any missing URL): not followable from file://.
    command.append(r"--ignore-url=/404\.html$")
    for url in dead:
        command.append(f"--ignore-url=^{re.escape(url)}$")
    return command + [(site / "index.html").resolve().as_uri(), bib_page.resolve().as_uri()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--bib", type=Path, default=ROOT / "references.bib")
    parser.add_argument("--list", action="store_true", help="print the bibliography's URLs; no network")
    args = parser.parse_args()

    check, dead = bib_urls(args.bib)
    if args.list:
        for url in check:
            print(f"check\t{url}")
        for url in dead:
            print(f"dead\t{url}\t(archived copy recorded in the entry's note)")
        return 0
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site}/index.html not found: run `make build` first")
    # LinkChecker drops root privileges to 'nobody': the generated page must be world-readable.
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    try:
        folder.chmod(0o755)
        page = folder / "references-bib-urls.html"
        links = "\n".join(f'<li><a href="{html.escape(url)}">{html.escape(url)}</a></li>' for url in check)
        page.write_text(
            f"<!doctype html><html lang=en><title>URLs of references.bib</title><ul>\n{links}\n</ul></html>\n",
            encoding="utf-8",
        )
        page.chmod(0o644)
        command = linkchecker_command(args.site, page, dead)
        print(f"checking {len(check)} URLs of {args.bib.name} ({len(dead)} known dead skipped) and {args.site}/")
        return subprocess.run(command, env={**os.environ}).returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
