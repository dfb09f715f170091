#!/usr/bin/env python3
"""Print the PDFs of mkdocs.yml ``extra.handouts`` from a built site: ``make pdf``.

    python scripts/make_pdfs.py SITE_DIR [--out build/pdf] [--only NAME.pdf ...]

The work is done by :mod:`sl_guide.pdfs`; ``make pdf`` then builds the site
again with ``PDF_DIR`` pointing at the folder, which publishes the PDFs and
links them. An error names what failed and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sl_guide.handouts import HandoutError
from sl_guide.pdfs import PdfError, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="built site folder (default: site)")
    parser.add_argument("--out", default="build/pdf", help="folder for the PDFs (default: build/pdf)")
    parser.add_argument("--only", nargs="*", metavar="NAME.pdf", help="print only these handouts")
    args = parser.parse_args(argv)
    try:
        for path in render(Path(args.site).resolve(), Path(args.out).resolve(), only=args.only):
            print(f"wrote {path}")
    except (PdfError, HandoutError) as error:
        print(f"make_pdfs: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
