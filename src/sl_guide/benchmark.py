"""``make benchmark``: the guide against stock Material, page by page (issue 13).

One run measures, on this machine:

1. **Build times** (median of ``--build-runs``):
   * the site's strict build (``mkdocs build --strict``);
   * the **baseline**: the same ``docs/`` with stock Material — no hooks, no
     ``custom_dir`` overrides, no extra CSS or JS, only the search plugin, so
     ``[@key]`` stays plain text (:func:`write_baseline_config`);
   * the site without the print view (the print helper's switch,
     :data:`NO_PRINT_VIEW_ENV`);
   * the site at commit :data:`BEFORE_COMMIT` (before the citations rewrite), checked
     out with ``git worktree`` in a temporary folder and built in a virtual
     environment of its own with that commit's pinned requirements
     (:func:`before_python`; kept in ``build/benchmark/`` for the next run), to show
     whether build time grew.
2. **Lighthouse 12.2.3** (npm, mobile, the default simulated throttling) on **every
   page of both sites**, each served gzip-compressed by
   :class:`sl_guide.toolkit.StaticServer`; the guide's page and the baseline's
   page are measured one after the other, page by page. Per page: performance
   score, first contentful paint (FCP), largest contentful paint (LCP), total
   blocking time (TBT) and bytes transferred (Lighthouse's total byte weight, the
   first visit with an empty cache), with the ratios to the baseline and the
   targets (:data:`TARGETS`).

The report goes to ``benchmarks/report.md`` and its figures to
``benchmarks/report.json``. A measurement, not a test: a missed target is
reported, not raised. ``--pages`` measures a subset while developing.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from sl_guide.toolkit import CHROMIUM, CHROMIUM_ARGS, ROOT, StaticServer, build_env, pages

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: The commit before the citations rewrite (issue 10): its build time is the reference.
BEFORE_COMMIT = "8e63292"
#: How the print view is switched off for the "without print view" build. The print
#: helper (issue 12) provides the switch; change the name here if it differs.
NO_PRINT_VIEW_ENV = {"PRINT_VIEW": "false"}
#: Targets on every page (issue 13): performance no lower than the baseline's, FCP at
#: most 1.1 x the baseline's, first-visit transfer at most the baseline's + 15 KB.
TARGETS = {"fcp_ratio": 1.1, "extra_bytes": 15 * 1024}
#: Where the guide's own scripts are served (Material's are under assets/javascripts/):
#: Lighthouse's long tasks (50 ms or more, in its 4x slowed CPU) from these are listed.
OWN_SCRIPTS = "/assets/js/"
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "bytes": "total-byte-weight",
}


# --- Builds ---------------------------------------------------------------------------


def write_baseline_config(folder: Path, root: Path = ROOT) -> Path:
    """A stock-Material config for the same pages, written into ``folder`` (never the repo).

    It INHERITs the project's mkdocs.yml (site name, nav, theme palette and features,
    Markdown extensions) and replaces what the guide adds: no hooks, no extra CSS or
    JS, only the search plugin (so no citations plugin: ``[@key]`` stays text), an
    empty ``custom_dir`` instead of ``overrides/``, and Material's own English (the
    guide's en-GB is a template of ``overrides/``)."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "no-overrides"
    empty.mkdir(exist_ok=True)
    config = {
        "INHERIT": str(root / "mkdocs.yml"),
        "docs_dir": str(root / "docs"),
        "hooks": [],
        "plugins": ["search"],
        "extra_css": [],
        "extra_javascript": [],
        "theme": {"custom_dir": str(empty), "language": "en"},
        "strict": False,
        "watch": [],
    }
    path = folder / "baseline.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def before_python(tree: Path) -> Path:
    """The Python of a virtual environment with the requirements of the checked-out
    ``tree`` (the commit :data:`BEFORE_COMMIT`: its own pins, mkdocs-print-site among them),
    made once in ``build/benchmark/venv-<hash of its requirements>/`` and reused."""
    import hashlib

    requirements = tree / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:12]
    venv = ROOT / "build" / "benchmark" / f"venv-{digest}"
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        print(f"setting up the build environment of {BEFORE_COMMIT} in {venv} …", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        for command in ([base, "-m", "venv", "--clear", str(venv)],
                        [str(python), "-m", "pip", "install", "--quiet", "-r", str(requirements)]):
            proc = subprocess.run(command, capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"setting up {venv} failed ({' '.join(command)}):\n{proc.stderr[-3000:]}")
        (venv / ".installed").touch()
    return python


def run_build(dest: Path, *, config: Path | None = None, cwd: Path = ROOT, strict: bool = True,
              env: dict | None = None, python: Path | str = sys.executable) -> float:
    """One ``mkdocs build``; its wall time in seconds. A failed build stops the benchmark."""
    command = [str(python), "-m", "mkdocs", "build", "--clean", "-q", "-d", str(dest)]
    if strict:
        command.append("--strict")
    if config is not None:
        command += ["-f", str(config)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env=build_env(env))
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build failed ({' '.join(command)} in {cwd}):\n{proc.stderr[-3000:]}")
    return seconds


@dataclass
class Worktree:
    """``git worktree`` of ``commit`` in a temporary folder; removed on exit."""

    commit: str
    folder: Path

    def __enter__(self) -> Path:
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)  # left by an interrupted run
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(self.folder), self.commit],
                       cwd=ROOT, check=True, capture_output=True, text=True)
        return self.folder

    def __exit__(self, *exc) -> None:
        subprocess.run(["git", "worktree", "remove", "--force", str(self.folder)], cwd=ROOT,
                       capture_output=True, text=True)


def measure_builds(work: Path, runs: int, baseline_config: Path) -> dict[str, list[float]]:
    """Wall times of each kind of build, ``runs`` times each, interleaved."""
    times: dict[str, list[float]] = {"site": [], "baseline": [], "no_print_view": [], "before": []}
    with Worktree(BEFORE_COMMIT, work / "before-src") as before:
        before_venv = before_python(before)
        for _ in range(runs):
            times["site"].append(run_build(work / "b-site"))
            times["baseline"].append(run_build(work / "b-baseline", config=baseline_config, strict=False))
            times["no_print_view"].append(run_build(work / "b-no-print", env=NO_PRINT_VIEW_ENV))
            times["before"].append(run_build(work / "b-before", cwd=before, python=before_venv))
    return times


# --- Lighthouse ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def lighthouse_version() -> str:
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, performance only): the figures of the report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=performance", "--form-factor=mobile", f"--chrome-flags={flags}"]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if proc.returncode or not out.is_file():
        return {"error": (proc.stderr.strip().splitlines() or ["lighthouse failed"])[-1]}
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    audits = report["audits"]
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        **{name: audits[audit]["numericValue"] for name, audit in METRICS.items()},
        "render_blocking": [item["url"].split("/", 3)[-1] for item in blocking],
        "own_long_tasks": [{"script": item["url"].rsplit("/", 1)[-1], "ms": round(item["duration"])}
                           for item in tasks if OWN_SCRIPTS in str(item.get("url", ""))],
        "chrome": report.get("environment", {}).get("hostUserAgent", ""),
    }


def median_run(runs: list[dict]) -> dict:
    """The median of each figure over several runs of one page (errors if all failed)."""
    good = [run for run in runs if "error" not in run]
    if not good:
        return runs[0]
    merged = dict(good[0])
    for name in ("performance", *METRICS):
        merged[name] = statistics.median(run[name] for run in good)
    merged["runs"] = len(good)
    longest: dict[str, int] = {}  # the guide's scripts' long tasks: the longest of any run
    for run in good:
        for task in run.get("own_long_tasks", []):
            longest[task["script"]] = max(longest.get(task["script"], 0), task["ms"])
    merged["own_long_tasks"] = [{"script": script, "ms": ms} for script, ms in sorted(longest.items())]
    return merged


def compare(site: dict, base: dict) -> dict:
    """Ratios and the three targets for one page."""
    if "error" in site or "error" in base:
        return {"error": site.get("error") or base.get("error")}
    fcp_ratio = site["fcp"] / base["fcp"]
    extra = site["bytes"] - base["bytes"]
    checks = {
        "performance": site["performance"] >= base["performance"],
        "fcp": fcp_ratio <= TARGETS["fcp_ratio"],
        "bytes": extra <= TARGETS["extra_bytes"],
    }
    return {"fcp_ratio": fcp_ratio, "lcp_ratio": site["lcp"] / base["lcp"], "extra_bytes": extra,
            "met": checks, "all_met": all(checks.values())}


# --- Report -----------------------------------------------------------------------------


def _s(ms: float) -> str:
    return f"{ms / 1000:.2f} s"


def _kb(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_report(data: dict, output: Path) -> str:
    builds = {kind: statistics.median(times) for kind, times in data["builds"].items() if times}
    rows = data["pages"]
    measured = [r for r in rows if "error" not in r["compare"]]
    met = [r for r in measured if r["compare"]["all_met"]]
    lines = [
        "# Benchmark report",
        "",
        f"Measured on {data['date']} by `make benchmark` (`scripts/benchmark.py`, logic in "
        f"`src/sl_guide/benchmark.py`): {data['machine']}. Other work may run on the machine at the same time: "
        "times move from run to run; sizes do not. Both sites are measured in the same run, page by page, "
        "so the ratios hold.",
        "",
        "**Baseline**: stock Material for MkDocs — the same `docs/` and theme settings with no hooks, no "
        "`overrides/`, no extra CSS or JS and only the search plugin (no citations plugin, so `[@key]` stays "
        "plain text). Its config is generated into a temporary folder (`INHERIT: mkdocs.yml`).",
        "",
        "## Summary",
        "",
        f"- Pages measured: {len(measured)} of {len(data.get('pages_chosen', rows))}; all three targets met on "
        f"**{len(met)}**.",
        "- Targets on every page: performance ≥ the baseline's; FCP ≤ "
        f"{TARGETS['fcp_ratio']}× the baseline's; first-visit transfer ≤ the baseline's + "
        f"{TARGETS['extra_bytes'] // 1024} KB.",
    ]
    own = [f"/{r['url']} (" + ", ".join(f"{t['script']} {t['ms']} ms" for t in r["site"]["own_long_tasks"]) + ")"
           for r in measured if r["site"].get("own_long_tasks")]
    lines.append("- Long tasks (50 ms or more in Lighthouse's slowed CPU, any run) of the guide's own scripts "
                 f"(`{OWN_SCRIPTS}`): {'; '.join(own) if own else 'none on any page'}.")
    if builds:
        lines += [
            f"- Strict build {builds['site']:.2f} s; baseline {builds['baseline']:.2f} s; without the print view "
            f"{builds['no_print_view']:.2f} s; at commit {BEFORE_COMMIT} {builds['before']:.2f} s "
            f"(now / then = {builds['site'] / builds['before']:.2f}×).",
        ]
    lines += [
        "",
        "## Lighthouse, page by page (mobile)",
        "",
        f"Lighthouse {data['lighthouse']} (npm), `--form-factor=mobile` with its default simulated throttling "
        f"(slow 4G, 4× CPU slowdown), performance category, `CHROME_PATH={CHROMIUM}`, Chromium flags from "
        "`sl_guide.toolkit.CHROMIUM_ARGS`; both sites served gzip-compressed (level 6) by "
        "`sl_guide.toolkit.StaticServer`. *Bytes* is Lighthouse's total byte weight of the first visit "
        f"(empty cache), search index included. Each figure is the median of {data['runs']} run(s) per page and "
        "site, the two sites interleaved. Each cell: guide / baseline.",
        "",
        "| Page | Performance | FCP | FCP ratio | LCP | TBT | Bytes | Extra bytes | Targets |",
        "| --- | --- | --- | ---: | --- | --- | --- | ---: | --- |",
    ]
    for row in rows:
        site, base, comp = row["site"], row["baseline"], row["compare"]
        if "error" in comp:
            lines.append(f"| /{row['url']} | error: {comp['error']} | | | | | | | |")
            continue
        missed = [name for name, ok in comp["met"].items() if not ok]
        lines.append(
            f"| /{row['url']} | {site['performance']} / {base['performance']} | {_s(site['fcp'])} / {_s(base['fcp'])} "
            f"| {comp['fcp_ratio']:.2f}× | {_s(site['lcp'])} / {_s(base['lcp'])} "
            f"| {site['tbt']:.0f} / {base['tbt']:.0f} ms | {_kb(site['bytes'])} / {_kb(base['bytes'])} "
            f"| {comp['extra_bytes'] / 1024:+.1f} KB | {'met' if not missed else '**missed**: ' + ', '.join(missed)} |"
        )
    if builds:
        lines += [
            "",
            "## Build time",
            "",
            f"Median of {len(data['builds']['site'])} runs of each, interleaved (`mkdocs build --clean`)"
            + (f", measured on {data['builds_date']} (`--builds-only`)." if data.get("builds_date") else "."),
            "",
            "| Build | Runs (s) | Median | vs strict build |",
            "| --- | --- | ---: | ---: |",
        ]
        names = {
            "site": "Site, strict (`mkdocs build --strict`)",
            "baseline": "Baseline (stock Material, same docs/)",
            "no_print_view": f"Site without the print view (`{' '.join(f'{k}={v}' for k, v in NO_PRINT_VIEW_ENV.items())}`)",
            "before": f"Site at commit {BEFORE_COMMIT}, strict (before the citations rewrite)",
        }
        for kind, label in names.items():
            times = data["builds"][kind]
            lines.append(f"| {label} | {', '.join(f'{t:.2f}' for t in times)} | {builds[kind]:.2f} s | "
                         f"{builds[kind] / builds['site']:.2f}× |")
        lines += [
            "",
            f"Print view: the strict build takes {builds['site'] / builds['no_print_view']:.2f}× the build "
            "without it (target of issue 12: ≤ 1.2×). Citations rewrite: the build takes "
            f"{builds['site'] / builds['before']:.2f}× the build at {BEFORE_COMMIT}.",
        ]
    missed_rows = [r for r in measured if not r["compare"]["all_met"]]
    lines += ["", "## Where a target is missed", ""]
    if not missed_rows:
        lines.append("None: every measured page meets all three targets.")
    for row in missed_rows:
        comp, site = row["compare"], row["site"]
        lines.append(f"- /{row['url']}: {', '.join(n for n, ok in comp['met'].items() if not ok)} "
                     f"(render-blocking: {', '.join(site['render_blocking']) or 'none'}).")
    lines += ["", "Reproduce: `make benchmark` (all pages; `scripts/benchmark.py --pages '' concept-map/` for a "
              "subset). Figures as JSON: `benchmarks/report.json`.", ""]
    text = "\n".join(lines)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    output.with_suffix(".json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return text


# --- Command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmark.py", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "report.md")
    parser.add_argument("--pages", nargs="*", metavar="URL",
                        help="page URLs to measure ('' is the home page); default: every page")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs of each page of each site (the median of each figure is reported)")
    parser.add_argument("--build-runs", type=int, default=3, help="builds of each kind (median reported); 0 skips")
    parser.add_argument("--builds-only", action="store_true",
                        help="measure the build times again and keep the Lighthouse figures of the last "
                             "report (--output's .json); no page is measured")
    args = parser.parse_args(argv)
    if args.builds_only:
        previous = args.output.with_suffix(".json")
        if not previous.is_file():
            raise SystemExit(f"--builds-only: {previous} not found; run the whole benchmark first")
        data = json.loads(previous.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
            work = Path(tmp)
            print(f"build times ({args.build_runs} runs of 4 builds)…", flush=True)
            data["builds"] = measure_builds(work, args.build_runs, write_baseline_config(work / "baseline-config"))
        data["builds_date"] = datetime.date.today().isoformat()
        print(write_report(data, args.output))
        return 0
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} missing: run 'make benchmark' (npm ci installs Lighthouse)")
    urls = [page.url for page in pages()]
    if args.pages is not None:
        unknown = [u for u in args.pages if u not in urls]
        if unknown:
            raise SystemExit(f"--pages: not pages of the site: {unknown}; pages are {urls}")
        urls = args.pages
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        work = Path(tmp)
        baseline_config = write_baseline_config(work / "baseline-config")
        builds: dict[str, list[float]] = {}
        if args.build_runs:
            print(f"build times ({args.build_runs} runs of 4 builds)…", flush=True)
            builds = measure_builds(work, args.build_runs, baseline_config)
        print("building both sites…", flush=True)
        run_build(work / "site")
        run_build(work / "baseline", config=baseline_config, strict=False)
        rows: list[dict] = []
        chosen = list(urls)

        def report() -> str:
            """The report so far: rewritten after every page, so an interrupted run keeps its figures."""
            chrome = next((r["site"]["chrome"] for r in rows if r["site"].get("chrome")), "")
            version = re.search(r"Chrome/([\d.]+)", chrome)
            data = {
                "date": datetime.date.today().isoformat(),
                "machine": f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, "
                           f"Chromium {version.group(1) if version else '?'}",
                "lighthouse": lighthouse_version(),
                "targets": TARGETS,
                "runs": args.runs,
                "pages_chosen": chosen,
                "builds": builds,
                "pages": rows,
            }
            return write_report(data, args.output)

        text = report()
        with StaticServer(work / "site", gzip=True) as site_server, \
                StaticServer(work / "baseline", gzip=True) as base_server:
            for url in urls:
                print(f"lighthouse /{url}…", flush=True)
                site_runs, base_runs = [], []
                for _ in range(args.runs):  # interleaved, so both sites share the machine's moods
                    site_runs.append(lighthouse(site_server.url + url, work / "lh.json"))
                    base_runs.append(lighthouse(base_server.url + url, work / "lh.json"))
                site, base = median_run(site_runs), median_run(base_runs)
                rows.append({"url": url, "site": site, "baseline": base, "compare": compare(site, base)})
                text = report()
    print(text)
    return 0
