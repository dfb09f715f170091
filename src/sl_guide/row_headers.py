"""Row headers for the briefing's tables: a Python-Markdown extension.

Each row of Tables 1, 2 and 3 and of the Knowledge and Skills framework is about what
its first cell names (an arrangement, a framework, an approach, a domain).
Python-Markdown's tables extension writes every body cell as ``<td>``: a screen reader
moving along a row then announces each cell under its column's header only, never
which row it is in. This extension turns the first cell of each body row of the
listed tables into a row header, ``<th scope="row">``.

The tables are named by the id of their figure (``pymdownx.blocks.caption``'s
``attrs: {id: …}``) in mkdocs.yml::

    markdown_extensions:
      - sl_guide.row_headers:
          tables: [table-1, table-2, table-3]

The self-assessment's table is not one of them: its script reads the cells and makes
the form. A row header looks like the cell it was (guide.css).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class RowHeaders(Treeprocessor):
    def __init__(self, md: Markdown, tables: list[str]):
        super().__init__(md)
        self.tables = set(tables)

    def run(self, root: Element) -> None:
        for figure in root.iter("figure"):
            if figure.get("id") not in self.tables:
                continue
            for body in figure.iter("tbody"):
                for row in body.iter("tr"):
                    first = row[0] if len(row) else None
                    if first is not None and first.tag == "td":
                        first.tag = "th"
                        first.set("scope", "row")


class RowHeadersExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"tables": [[], "ids of the figures whose table has row headers (its first column)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After the block parser (tables, captions) and attr_list, before the toc.
        md.treeprocessors.register(RowHeaders(md, self.getConfig("tables")), "sl_row_headers", 6)


def makeExtension(**kwargs) -> RowHeadersExtension:
    return RowHeadersExtension(**kwargs)
