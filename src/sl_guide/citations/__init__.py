"""Harvard (Cite Them Right) citations formatted by pandoc's citeproc.

``core`` is plain Python (no MkDocs import): Markdown pages and a ``.bib`` file
in, each citation cluster's HTML and each reference entry out, from one
citeproc run per build. ``plugin`` is the MkDocs plugin built on mkdocs-bibtex.
"""
