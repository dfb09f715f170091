#!/usr/bin/env python3
"""Live editing check (``make live-check``): with ``mkdocs serve`` running in a
temporary copy of the project, an edit to a page and to ``references.bib`` shows up.

The check itself is :mod:`sl_guide.live_edit` (tests/test_live_edit.py runs it too).
Exit status 0 when every edit showed up, 1 otherwise (with mkdocs serve's output).

    .venv/bin/python scripts/live_edit_check.py [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import sys

from sl_guide.live_edit import LiveEditError, check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each edit (default 60)")
    args = parser.parse_args()
    try:
        check(args.timeout)
    except LiveEditError as error:
        print(f"live edit check FAILED: {error}", file=sys.stderr)
        return 1
    print("live edit check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
