#!/usr/bin/env python3
"""Time the whole test suite against an earlier one, side by side (``make time-suites``).

Issue 11's target: the full ``make test`` takes at most 0.75x the time of the suite
at commit 8e63292. Absolute times move with the machine's load; the ratio of two
runs made one after the other, on the same machine, holds. So this script, in ONE run:

1. checks out the baseline commit into a temporary git worktree and sets it up
   there with its own Makefile (``make install node``: its own .venv and
   node_modules; not timed);
2. times ``make test`` in the baseline worktree;
3. times ``make test`` in this work tree (set up first with ``make install node``,
   not timed);
4. writes both times, their ratio, the pytest summaries, the machine's load and the
   CPU time the machine spent during each run to ``--output`` (benchmarks/suite-time.md).

The CPU time (all processes of the machine, from ``/proc/stat`` on Linux: Chromium's
processes are not children that ``time`` would count) gives each suite's floor: on
*n* cores a suite cannot take less than its CPU time / *n*.

Both runs get the same environment (the caller's, less SITE_URL and OFFLINE). The
baseline pins pymdown-extensions 13.1, which needs Python 3.11.5 or newer: on Debian
12 pass ``--python`` a newer Python for it (``--python python3.13``).

    .venv/bin/python scripts/time_suites.py [--baseline 8e63292] [--python python3.12]
        [--output benchmarks/suite-time.md]

Takes two full suite runs (10-20 minutes on 2 cores). Exit status 1 when either
suite fails (the times are still written).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sl_guide.toolkit import ROOT, build_env

TARGET = 0.75


def busy_seconds() -> float | None:
    """CPU time the whole machine has spent busy since boot (user, nice, system, irq and
    softirq of ``/proc/stat``); None where there is no ``/proc/stat``."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(value) for value in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, float, str, float | None]:
    """Run ``command``, its output to ``log``; (exit status, seconds, pytest's last summary
    line, CPU seconds the machine spent meanwhile or None)."""
    start, busy = time.monotonic(), busy_seconds()
    with log.open("w", encoding="utf-8") as out:
        status = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - start
    cpu = None if busy is None else busy_seconds() - busy
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    summary = next((line.strip("= ") for line in reversed(lines) if re.search(r"\b(passed|failed|error)", line)), "")
    return status, seconds, summary, cpu


def cpu_cell(cpu: float | None) -> str:
    """The CPU column: the machine's CPU seconds and the floor they set on this machine."""
    cores = os.cpu_count() or 1
    return "n/a" if cpu is None else f"{cpu:.0f} s (floor on {cores} cores: {cpu / cores:.0f} s)"


def setup(cwd: Path, env: dict[str, str], python: str | None, log: Path) -> None:
    command = ["make", "--no-print-directory", "install", "node"] + ([f"PYTHON={python}"] if python else [])
    status, seconds, _, _ = run(command, cwd, env, log)
    if status != 0:
        raise SystemExit(f"setting up {cwd} failed (exit {status}); see {log}")
    print(f"set up {cwd} in {seconds:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="8e63292", help="commit of the suite to compare with (default 8e63292)")
    parser.add_argument("--python", help="Python for the baseline's .venv (default: its Makefile's choice)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "suite-time.md")
    parser.add_argument("--keep", action="store_true", help="keep the baseline worktree and the logs")
    parser.add_argument("--target", default="test", help="the make target to time in both (default: test)")
    args = parser.parse_args()

    env = build_env()
    env.pop("PYTHON", None)
    current_commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="time-suites-"))
    baseline = tmp / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", str(baseline), args.baseline], cwd=ROOT, check=True)
    try:
        setup(baseline, env, args.python, tmp / "baseline-setup.log")
        setup(ROOT, env, None, tmp / "current-setup.log")
        load_before = os.getloadavg()
        print(f"timing the baseline's make {args.target} …", flush=True)
        base_status, base_seconds, base_summary, base_cpu = run(["make", "--no-print-directory", args.target], baseline, env,
                                                      tmp / "baseline-test.log")
        print(f"  {base_seconds:.0f} s: {base_summary}", flush=True)
        print(f"timing this tree's make {args.target} …", flush=True)
        cur_status, cur_seconds, cur_summary, cur_cpu = run(["make", "--no-print-directory", args.target], ROOT, env,
                                                   tmp / "current-test.log")
        print(f"  {cur_seconds:.0f} s: {cur_summary}", flush=True)
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")

    ratio = cur_seconds / max(base_seconds, 0.001)
    verdict = "met" if ratio <= TARGET else "**missed**"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(f"""# Test suite time: `make test`, side by side

Written by `make time-suites` (`scripts/time_suites.py`) on {when}: both suites
timed one after the other in one run on the same machine ({os.cpu_count()} cores,
{platform.platform()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after).
Absolute times move with the machine's load; the ratio is the measure. *CPU time* is
what the whole machine spent busy meanwhile (`/proc/stat`): a suite cannot take less
than its CPU time divided by the cores.

| Suite | Commit | `make {args.target}` | CPU time | Exit | pytest's summary |
| --- | --- | --- | --- | --- | --- |
| baseline | {args.baseline} | {base_seconds:.0f} s | {cpu_cell(base_cpu)} | {base_status} | {base_summary} |
| current | {current_commit}{' + uncommitted changes' if dirty else ''} | {cur_seconds:.0f} s | {cpu_cell(cur_cpu)} | {cur_status} | {cur_summary} |

**Ratio: {ratio:.2f}** (target ≤ {TARGET}): {verdict}.
""", encoding="utf-8")
    print(f"ratio {ratio:.2f} (target ≤ {TARGET}); written to {args.output}")
    return 0 if base_status == 0 and cur_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
