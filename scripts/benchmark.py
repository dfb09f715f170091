#!/usr/bin/env python3
"""``make benchmark``: the guide against stock Material, every page, in one run.

A thin command line over :mod:`sl_guide.benchmark` (see its docstring for what is
measured and how); writes ``benchmarks/report.md`` and ``benchmarks/report.json``.

    scripts/benchmark.py                       # every page, build times too
    scripts/benchmark.py --pages '' concept-map/ --build-runs 0
"""

import sys

from sl_guide.benchmark import main

if __name__ == "__main__":
    sys.exit(main())
