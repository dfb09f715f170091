#!/usr/bin/env python3
"""Benchmark report for the guide (issue 6, item 9): ``make benchmark``.

Writes ``benchmarks/report.md`` with figures measured on this machine:

1. **Build time** — ``mkdocs build --strict`` of the site, and the same pages
   built with citations off (a temporary copy of ``mkdocs.yml`` without the
   ``bibtex`` plugin and the ``src/sl_guide/hooks/citations.py`` hook, so ``[@key]``
   stays plain text); median of ``--runs`` builds each, and the ratio.
2. **Transfer sizes, gzip** — the built site served on 127.0.0.1 by a small
   server in this script that gzips text responses (as static hosts do);
   Debian's Chromium through Playwright records the bytes on the wire: each
   page's first visit with an empty cache, and the next page reached with
   Material's instant navigation (``Next`` link in the footer).
3. **Lighthouse 12.2.3** (npm ``lighthouse``; mobile form factor, the default)
   for performance, accessibility, best practices and SEO, against the same
   gzip server. ``--lighthouse all`` runs every page; the default is a
   representative subset (see ``SUBSET``) to keep the run short.

Targets (issue 6): Lighthouse 100 in all four categories, home first visit
≤ 90 KB, next page ≤ 15 KB, strict build ≤ 1.5 × the citations-off build.
This is a measurement, not a test: it never fails on a missed target, it
reports it.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: Representative pages: home, running text with many citations, a large table,
#: the interactive form, the longest page (bibliography) and an example.
SUBSET = ["", "key-points/", "leadership-approaches/", "self-assessment/", "bibliography/", "examples/wigan/"]
TARGETS = {"home_kb": 90, "next_kb": 15, "ratio": 1.5, "lighthouse": 100}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".bib", ".map")


# --- Builds ------------------------------------------------------------------


def _build(config: Path, dest: Path, strict: bool) -> tuple[float, subprocess.CompletedProcess]:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config), "-d", str(dest)]
    if strict:
        command.insert(4, "--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, proc


def citations_off_config() -> str:
    """mkdocs.yml without the citation hook and the bibtex plugin."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^\s*- src/sl_guide/hooks/citations\.py\n", "", text, flags=re.MULTILINE)
    # The plugin block: "  - bibtex:" and its more-indented lines (and comments).
    text = re.sub(r"^  - bibtex:\n(?:(?:    .*|\s*#.*)?\n)*", "", text, flags=re.MULTILINE)
    return text


def measure_builds(runs: int, work: Path) -> dict:
    off_config = ROOT / ".benchmark-citations-off.yml"
    off_config.write_text(citations_off_config(), encoding="utf-8")
    result = {"strict": [], "off": [], "off_strict": True, "off_error": ""}
    try:
        for _ in range(runs):
            seconds, proc = _build(ROOT / "mkdocs.yml", work / "strict", strict=True)
            if proc.returncode:
                raise SystemExit(f"strict build failed:\n{proc.stderr[-3000:]}")
            result["strict"].append(seconds)
            seconds, proc = _build(off_config, work / "off", strict=result["off_strict"])
            if proc.returncode and result["off_strict"]:
                # Citations left as text may trip other checks: fall back to a normal build.
                result["off_strict"] = False
                result["off_error"] = (proc.stderr.strip().splitlines() or ["?"])[-1]
                seconds, proc = _build(off_config, work / "off", strict=False)
            if proc.returncode:
                raise SystemExit(f"citations-off build failed:\n{proc.stderr[-3000:]}")
            result["off"].append(seconds)
    finally:
        off_config.unlink(missing_ok=True)
    return result


# --- A gzip-compressing static server ---------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed (level 6) when the client accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash URL
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(GzipHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def page_urls(site: Path) -> list[str]:
    urls = []
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        if 'http-equiv="refresh"' in html or rel.startswith("print_page/"):
            continue
        urls.append(rel[: -len("index.html")])
    return urls


# --- Transfer sizes with Chromium -------------------------------------------


def nav_order(site: Path, urls: list[str]) -> list[str]:
    """Pages in the order of the footer's Next links, starting at the home page."""
    order, url = [], ""
    while url is not None and url not in order and url in urls:
        order.append(url)
        html = (site / url / "index.html").read_text(encoding="utf-8")
        match = re.search(r'<link rel="next" href="([^"]+)"', html)
        url = None
        if match:
            from posixpath import normpath, join
            target = normpath(join("/" + order[-1], match.group(1))).lstrip("/")
            url = (target + "/") if target and target != "." else ""
    return order + [u for u in urls if u not in order]


def _record(context):
    requests = []
    context.on("requestfinished", lambda request: requests.append(request))
    return requests


def _bytes(requests) -> tuple[int, dict]:
    total, by_type = 0, {}
    for request in requests:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total += size
        kind = request.resource_type
        by_type[kind] = by_type.get(kind, 0) + size
    return total, by_type


def measure_transfer(site: Path, server_url: str) -> dict:
    from playwright.sync_api import sync_playwright

    urls = page_urls(site)
    result = {"first": {}, "first_types": {}, "html_gzip": {}, "next": []}
    for url in urls:
        html = (site / url / "index.html").read_bytes()
        result["html_gzip"][url] = len(gzip.compress(html, compresslevel=6, mtime=0))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for url in urls:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            requests = _record(context)
            page = context.new_page()
            page.goto(server_url + url, wait_until="networkidle")
            total, by_type = _bytes(requests)
            result["first"][url] = total
            result["first_types"][url] = by_type
            context.close()
        # Instant navigation: from each page (loaded normally, so one broken page
        # cannot spoil the rest), follow the footer's "Next" link.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        requests = _record(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error).splitlines()[0]))
        for url in nav_order(site, urls):
            page.goto(server_url + url, wait_until="networkidle")
            link = page.locator("a.md-footer__link--next")
            if not link.count():
                continue
            start = page.url.split("#")[0]
            errors.clear()
            requests.clear()
            link.click()
            # Instant navigation changes the URL with the History API: no "load" event.
            moved = "() => location.href.split('#')[0] !== %s" % json.dumps(start)
            try:
                page.wait_for_function(moved, timeout=10000)
                page.wait_for_load_state("networkidle")
            except Exception:
                pass
            total, _ = _bytes(requests)
            documents = [r.url for r in requests if r.resource_type == "document"]
            end = page.url.split("#")[0]
            note = "yes" if not documents else "no (full page load)"
            if end == start:
                note = "**failed**: stayed on the page"
            if errors:
                note += f"; script error: `{sorted(set(errors))[0][:90]}`"
            result["next"].append((start.replace(server_url, "/"), end.replace(server_url, "/"), total, note))
        context.close()
        browser.close()
    return result


# --- Lighthouse ---------------------------------------------------------------


def lighthouse_version() -> str:
    proc = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return proc.stdout.strip()


def run_lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
               f"--chrome-flags={CHROME_FLAGS}"]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode or not out.is_file():
        return {"error": (proc.stderr.strip().splitlines() or ["lighthouse failed"])[-1]}
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{ref['id']} ({audit['score']:.2f})")
    metrics = {key: report["audits"][key].get("displayValue", "") for key in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index")}
    blocking = report["audits"].get("render-blocking-resources", {}).get("details", {}).get("items", [])
    metrics["blocking"] = [item["url"].split("/", 3)[-1] for item in blocking]
    return {"scores": scores, "failing": sorted(set(failing)), "metrics": metrics,
            "chrome": report.get("environment", {}).get("hostUserAgent", "")}


# --- Report ---------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(output: Path, builds: dict, transfer: dict, lighthouse: dict, subset_note: str) -> str:
    strict = statistics.median(builds["strict"])
    off = statistics.median(builds["off"])
    ratio = strict / off
    home = transfer["first"][""]
    nexts = transfer["next"]
    next_sizes = [size for _, end, size, note in nexts if not note.startswith("**failed")]
    next_max = max(next_sizes) if next_sizes else 0
    lh_pages = {url: r for url, r in lighthouse.items() if "scores" in r}
    lh_all_100 = bool(lh_pages) and all(min(r["scores"].values()) == 100 for r in lh_pages.values())
    chrome = next((r["chrome"] for r in lh_pages.values() if r.get("chrome")), "")
    chrome_version = re.search(r"Chrome/([\d.]+)", chrome)

    lines = [
        "# Benchmark report",
        "",
        f"Measured on {datetime.date.today().isoformat()} by `make benchmark` (`scripts/benchmark.py`) on this "
        f"machine: {os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"Chromium {chrome_version.group(1) if chrome_version else '(see Lighthouse)'}, "
        f"Lighthouse {lighthouse_version() if LIGHTHOUSE.exists() else 'not installed'}. "
        "Other work was running on the machine at the same time, so times vary by a few tens of per cent "
        "between runs; sizes do not.",
        "",
        "## Summary against the targets",
        "",
        "| Target | Measured | Result |",
        "| --- | --- | --- |",
        f"| Strict build ≤ {TARGETS['ratio']}× the citations-off build | {strict:.2f} s vs {off:.2f} s = "
        f"{ratio:.2f}× | {verdict(ratio <= TARGETS['ratio'])} |",
        f"| Home page first visit ≤ {TARGETS['home_kb']} KB (gzip) | {kb(home)} | "
        f"{verdict(home <= TARGETS['home_kb'] * 1024)} |",
        f"| Next page (instant navigation) ≤ {TARGETS['next_kb']} KB | largest {kb(next_max)}, median "
        f"{kb(int(statistics.median(next_sizes))) if next_sizes else '–'} | "
        f"{verdict(next_max <= TARGETS['next_kb'] * 1024)} |",
        f"| Lighthouse 100 in all four categories (mobile) | "
        f"{'all 100' if lh_all_100 else 'see below'} on {len(lh_pages)} page(s) | {verdict(lh_all_100)}"
        f"{' (subset)' if subset_note else ''} |",
        "",
        "## Build time",
        "",
        f"Median of {len(builds['strict'])} runs each (`mkdocs build --strict --clean`).",
        "",
        "| Build | Runs (s) | Median |",
        "| --- | --- | --- |",
        f"| Strict, full site | {', '.join(f'{s:.2f}' for s in builds['strict'])} | {strict:.2f} s |",
        f"| Citations off | {', '.join(f'{s:.2f}' for s in builds['off'])} | {off:.2f} s |",
        "",
        "Citations off = the same pages and configuration without the `bibtex` plugin and the "
        "`src/sl_guide/hooks/citations.py` hook (a temporary copy of `mkdocs.yml`), so `[@key]` stays plain "
        "text and no References sections or bibliography are rendered.",
    ]
    if not builds["off_strict"]:
        lines += ["", "The citations-off copy cannot build in strict mode (without the citation hook the "
                  f"site's other checks fail: `{builds['off_error']}`), so it was timed as a normal build."]
    lines += [
        "",
        "## Transfer sizes (gzip)",
        "",
        "Served by the script's own server on 127.0.0.1, gzip level 6 for text files as static hosts do; "
        "bytes on the wire (bodies and headers) recorded by Chromium through Playwright, empty cache, "
        "until the network is idle — this includes Material's search worker and the search index, "
        "which load on every first visit.",
        "",
        "| Page | HTML (gzip) | First visit total | of which document / CSS / JS / fetch+XHR / other |",
        "| --- | ---: | ---: | --- |",
    ]
    for url, total in transfer["first"].items():
        types = transfer["first_types"][url]
        other = total - sum(types.get(k, 0) for k in ("document", "stylesheet", "script", "fetch", "xhr"))
        lines.append(
            f"| /{url} | {kb(transfer['html_gzip'][url])} | {kb(total)} | "
            f"{kb(types.get('document', 0))} / {kb(types.get('stylesheet', 0))} / {kb(types.get('script', 0))} / "
            f"{kb(types.get('fetch', 0) + types.get('xhr', 0))} / {kb(other)} |"
        )
    lines += [
        "",
        "### Next page with instant navigation",
        "",
        "Each page is opened, then its footer's *Next* link is clicked; with instant navigation Material "
        "fetches only the next page's HTML (the stylesheets, scripts and search index are already loaded). "
        "Script errors seen during the click are listed.",
        "",
        "| From | To | Transferred | Instant navigation |",
        "| --- | --- | ---: | --- |",
    ]
    for start, end, size, instant in nexts:
        lines.append(f"| {start} | {end} | {kb(size)} | {instant} |")
    lines += [
        "",
        "## Lighthouse (mobile)",
        "",
        f"Lighthouse 12.2.3 (npm), `CHROME_PATH={CHROMIUM}`, `--form-factor=mobile` (the default simulated "
        f"throttling), `--chrome-flags=\"{CHROME_FLAGS}\"`, against the gzip server. {subset_note}",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS | Below 1 (weighted audits) |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |",
    ]
    for url, result in lighthouse.items():
        if "scores" not in result:
            lines.append(f"| /{url} | error: {result['error']} | | | | | | | | |")
            continue
        s, m = result["scores"], result["metrics"]
        lines.append(
            f"| /{url} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
            f"{m['first-contentful-paint']} | {m['largest-contentful-paint']} | {m['total-blocking-time']} | "
            f"{m['cumulative-layout-shift']} | {', '.join(result['failing']) or '–'} |"
        )
    lines += ["", "## Where a target is missed", ""]
    missed = []
    if ratio > TARGETS["ratio"]:
        missed.append(f"- Build ratio {ratio:.2f}× > {TARGETS['ratio']}×: rendering the citations (pandoc "
                      "formats every reference through mkdocs-bibtex) dominates a build this small.")
    if home > TARGETS["home_kb"] * 1024:
        types = transfer["first_types"][""]
        missed.append(
            f"- Home first visit {kb(home)} > {TARGETS['home_kb']} KB: stylesheets {kb(types.get('stylesheet', 0))} "
            f"(Material's and the guide's own), scripts {kb(types.get('script', 0))} (Material's "
            f"bundle and search worker, the guide's scripts), and {kb(types.get('fetch', 0) + types.get('xhr', 0))} "
            "fetched at once by Material — the search index (all pages' text) and sitemap.xml for instant "
            "navigation. The page itself is a small share; the rest is cached for every next page.")
    if next_max > TARGETS["next_kb"] * 1024:
        big = [f"{end} ({kb(size)})" for _, end, size, _ in nexts if size > TARGETS["next_kb"] * 1024]
        missed.append(f"- Next page over {TARGETS['next_kb']} KB: {', '.join(big)} — long pages whose HTML alone "
                      "is larger than the target.")
    for start, end, size, note in nexts:
        if note.startswith("**failed") or "script error" in note:
            missed.append(f"- Instant navigation from {start}: {note.replace('**', '')}.")
    for url, result in lighthouse.items():
        if "scores" in result and min(result["scores"].values()) < 100:
            below = {k: v for k, v in result["scores"].items() if v < 100}
            blocking = result["metrics"].get("blocking") or []
            cause = (f" Render-blocking: {len(blocking)} stylesheet(s)/script(s) ({', '.join(blocking)}) that must "
                     "arrive before the first paint under Lighthouse's simulated slow 4G (150 ms round trips, "
                     "1.6 Mbit/s)." if blocking else "")
            missed.append(f"- Lighthouse on /{url}: {below}; audits below 1: {', '.join(result['failing'])}.{cause}")
    lines += missed or ["None: every target above is met."]
    lines += ["", "Reproduce: `make benchmark` (installs Lighthouse from package-lock.json into node_modules/, "
              "then runs `scripts/benchmark.py`; `--lighthouse all` for every page).", ""]
    text = "\n".join(lines)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "report.md")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median reported)")
    parser.add_argument("--lighthouse", default="subset", choices=["subset", "all", "none"])
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        work = Path(tmp)
        print("builds…", flush=True)
        builds = measure_builds(args.runs, work)
        site = work / "served"
        site.mkdir()
        with Server(site) as server:
            # Material's instant navigation only follows URLs listed in sitemap.xml
            # under site_url (it swaps in the current host, not the port): build the
            # served copy for the server's own URL.
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": server.url}
            proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q",
                                   "-d", str(site)], cwd=ROOT, capture_output=True, text=True, env=env)
            if proc.returncode:
                raise SystemExit(f"build for the local server failed:\n{proc.stderr[-3000:]}")
            print("transfer sizes…", flush=True)
            transfer = measure_transfer(site, server.url)
            lighthouse = {}
            urls = page_urls(site)
            chosen = {"all": urls, "subset": [u for u in SUBSET if u in urls], "none": []}[args.lighthouse]
            if chosen and not LIGHTHOUSE.exists():
                raise SystemExit(f"{LIGHTHOUSE} missing: run 'make benchmark' (npm ci installs Lighthouse)")
            for url in chosen:
                print(f"lighthouse /{url}…", flush=True)
                lighthouse[url] = run_lighthouse(server.url + url, work / "lighthouse.json")
        note = "" if args.lighthouse == "all" else (
            f"Run on a representative subset of {len(chosen)} of the {len(urls)} pages (home, a page of running "
            "text with many citations, the largest table, the interactive self-assessment, the bibliography — the "
            "longest page — and an example), to keep the run short; `scripts/benchmark.py --lighthouse all` "
            "runs every page.")
        text = write_report(args.output, builds, transfer, lighthouse, note)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
