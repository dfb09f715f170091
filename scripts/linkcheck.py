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
ones skipped as known dead, without any network access. ``--summary FILE``
appends a Markdown table of the broken links to FILE (the weekly workflow
passes ``$GITHUB_STEP_SUMMARY``), read from LinkChecker's own CSV output. The
exit status is LinkChecker's: 0 when every link works, 1 when some are broken.

For every broken web link the summary records an archived copy: the Internet
Archive's snapshot closest to the briefing's date (March 2020), found through
the Wayback Machine's availability API (``--archive-api``), with the
``note = {Archived copy: …}`` line to paste into the entry of a cited URL. When
the Archive holds no copy, the row says so and links the page that saves one.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The Wayback Machine's availability API (https://archive.org/help/wayback_api.php).
WAYBACK_API = "https://archive.org/wayback/available"
#: The snapshot wanted is the one closest to the briefing's publication (March 2020).
BRIEFING_DATE = "20200301"
#: The generated page that links every URL of references.bib (so LinkChecker checks them).
BIB_PAGE = "references-bib-urls.html"


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


def linkchecker_command(site: Path, bib_page: Path, dead: list[str], csv_file: Path | None = None) -> list[str]:
    exe = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or shutil.which("linkchecker")
    if not exe:
        raise SystemExit("linkchecker is not installed: run `make install` (requirements-dev.txt pins it)")
    command = [exe, "--check-extern", "--no-status", "--threads", "4", "--timeout", "30"]
    if csv_file:
        command.append(f"--file-output=csv/utf-8/{csv_file}")
    # 404.html uses site-root paths (it is served for any missing URL): not followable from file://.
    command.append(r"--ignore-url=/404\.html$")
    for url in dead:
        command.append(f"--ignore-url=^{re.escape(url)}$")
    return command + [(site / "index.html").resolve().as_uri(), bib_page.resolve().as_uri()]


def broken_links(csv_file: Path) -> list[dict[str, str]]:
    """The rows of LinkChecker's CSV output whose link is not valid."""
    if not csv_file.is_file():
        return []
    lines = [line for line in csv_file.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [row for row in csv.DictReader(lines, delimiter=";") if row.get("valid", "").lower() != "true"]


def wayback_copy(url: str, api: str = WAYBACK_API, timeout: float = 30) -> str | None:
    """The Internet Archive's snapshot of ``url`` closest to BRIEFING_DATE, or None.

    Asks the Wayback Machine's availability API; an error or an answer without an
    available snapshot is None (the summary then says no copy was found)."""
    query = urllib.parse.urlencode({"url": url, "timestamp": BRIEFING_DATE})
    try:
        with urllib.request.urlopen(f"{api}?{query}", timeout=timeout) as answer:
            closest = json.load(answer).get("archived_snapshots", {}).get("closest") or {}
    except (OSError, ValueError) as error:
        print(f"archive lookup failed for {url}: {error}", file=sys.stderr)
        return None
    if not closest.get("available") or not closest.get("url"):
        return None
    return re.sub(r"^http://", "https://", closest["url"])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def summary(rows: list[dict[str, str]], site: Path, archives: dict[str, str | None] | None = None,
            cited: set[str] = frozenset()) -> str:
    """A Markdown report of the broken links, for a CI job summary.

    ``archives`` maps each broken web link to its archived copy (None: none found);
    ``cited`` are the URLs of references.bib, whose rows give the ``note`` to record."""
    if not rows:
        return "## External links\n\nEvery link works.\n"
    archives = archives or {}
    lines = [
        "## Broken links",
        "",
        f"{len(rows)} link(s) failed. For a dead cited URL, keep the `url` and record the archived copy in the "
        "entry's `note` (README, \"Checking external links\"); for a link in a page, fix it or link the archived copy.",
        "",
        "| Link | Found in | Result | Archived copy |",
        "| --- | --- | --- | --- |",
    ]
    root = site.resolve().as_uri()
    for row in rows:
        link = row.get("urlname") or row.get("url") or ""
        parent = (row.get("parentname") or "").replace(root, "site")
        if BIB_PAGE in parent:
            parent = "references.bib"
        where = f"{parent}, line {row.get('line')}" if row.get("line") and parent != "references.bib" else parent
        result = _cell(row.get("result") or "")[:200]
        url = row.get("url") or link
        if url not in archives:
            copy = ""
        elif archives[url]:
            copy = archives[url]
            if url in cited:
                copy += f"<br>`note = {{Archived copy: {archives[url]}}},`"
        else:
            copy = f"none found: save one at https://web.archive.org/save/{url}"
        lines.append(f"| {_cell(link)} | {where} | {result} | {_cell(copy)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--bib", type=Path, default=ROOT / "references.bib")
    parser.add_argument("--list", action="store_true", help="print the bibliography's URLs; no network")
    parser.add_argument("--summary", type=Path, help="append a Markdown table of the broken links to this file")
    parser.add_argument("--archive-api", default=WAYBACK_API,
                        help=f"the Wayback Machine's availability API, asked for each broken web link (default: {WAYBACK_API})")
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
    # …and the CSV output is written by that user too: the folder is writable by all, like /tmp.
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    try:
        folder.chmod(0o1777)
        page = folder / BIB_PAGE
        links = "\n".join(f'<li><a href="{html.escape(url)}">{html.escape(url)}</a></li>' for url in check)
        page.write_text(
            f"<!doctype html><html lang=en><title>URLs of references.bib</title><ul>\n{links}\n</ul></html>\n",
            encoding="utf-8",
        )
        page.chmod(0o644)
        csv_file = folder / "linkchecker.csv"
        command = linkchecker_command(args.site, page, dead, csv_file if args.summary else None)
        print(f"checking {len(check)} URLs of {args.bib.name} ({len(dead)} known dead skipped) and {args.site}/")
        status = subprocess.run(command, env={**os.environ}).returncode
        if args.summary:
            rows = broken_links(csv_file)
            web = [row["url"] for row in rows if re.match(r"https?://", row.get("url") or "")]
            archives = {url: wayback_copy(url, args.archive_api) for url in dict.fromkeys(web)}
            for url, copy in archives.items():
                print(f"dead\t{url}\tarchived copy: {copy or 'none found'}")
            with args.summary.open("a", encoding="utf-8") as out:
                out.write(summary(rows, args.site, archives, set(check) | set(dead)))
            if rows and status == 0:
                status = 1
        return status
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
