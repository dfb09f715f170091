"""The briefing's tables for screen readers: a Python-Markdown extension.

* **Names.** A captioned table (``pymdownx.blocks.caption``: a ``<figure>`` with the
  table and its ``<figcaption>`` "Table 1: …" after it) had no name of its own:
  Chromium names neither the figure nor the table from the caption, so a screen
  reader jumping to the table announced an untitled table, and read the caption only
  after every cell. Each such table gets the caption's text as its ``aria-label`` (not
  ``aria-labelledby``: an id on the caption would be one more id on the page, and every
  id is a public deep link, anchors.txt).
* **Row headers.** Each row of Tables 1, 2 and 3 and of the Knowledge and Skills
  framework is about what its first cell names (an arrangement, a framework, an
  approach, a domain). Python-Markdown's tables extension writes every body cell as
  ``<td>``: a screen reader moving along a row announced each cell under its column
  only. The first cell of each body row of the listed tables becomes ``<th
  scope="row">``. The self-assessment's table is not listed: its script reads the
  cells and makes the form. A row header looks like the cell it was (guide.css).

The tables are named by the id of their figure (the caption's ``attrs: {id: …}``) in
mkdocs.yml::

    markdown_extensions:
      - sl_guide.tables:
          row_headers: [table-1, table-2, table-3]
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class TableSemantics(Treeprocessor):
    def __init__(self, md: Markdown, row_headers: list[str]):
        super().__init__(md)
        self.row_headers = set(row_headers)

    def run(self, root: Element) -> None:
        for figure in root.iter("figure"):
            table, caption = figure.find("table"), figure.find("figcaption")
            if table is not None and caption is not None:
                table.set("aria-label", " ".join("".join(caption.itertext()).split()))
            if figure.get("id") not in self.row_headers:
                continue
            for body in figure.iter("tbody"):
                for row in body.iter("tr"):
                    first = row[0] if len(row) else None
                    if first is not None and first.tag == "td":
                        first.tag = "th"
                        first.set("scope", "row")


class TablesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"row_headers": [[], "ids of the figures whose table has row headers (its first column)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After the block parser (tables, captions) and attr_list, before the toc.
        md.treeprocessors.register(TableSemantics(md, self.getConfig("row_headers")), "sl_tables", 6)


def makeExtension(**kwargs) -> TablesExtension:
    return TablesExtension(**kwargs)
