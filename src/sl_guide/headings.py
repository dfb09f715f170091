"""Headings named by their own text: a Python-Markdown extension.

The toc extension puts a permalink (``<a class="headerlink">¶</a>``, mkdocs.yml
``toc.permalink``) inside every heading, so a heading's name from its content ends
with the link's: a screen reader announced "Why now? ¶" (read as "pilcrow" or
"paragraph") for each page's title and for the headings of pages without section
tools. Each heading with a permalink gets its own text, as the toc extension renders
it for the table of contents (``render_inner_html`` less the permalink, tags
stripped), as its ``aria-label``. On pages with section tools, their buttons go into
the heading too; the label keeps them out of its name as well.

    markdown_extensions:
      - toc: {permalink: true}
      - sl_guide.headings
"""

from __future__ import annotations

import copy
import html
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _permalink(element: Element) -> bool:
    return element.tag == "a" and "headerlink" in element.get("class", "").split()


class HeadingNames(Treeprocessor):
    def run(self, root: Element) -> None:
        for heading in root.iter():
            # Material's tags plugin writes its listing's headings later, into a heading
            # it injects with the id "<listing>/slug" and the text "<listing>/name"
            # (replaced wherever they occur, an attribute too): those are left alone.
            if heading.tag not in HEADINGS or "/" in heading.get("id", "") or not any(map(_permalink, heading)):
                continue
            text = copy.deepcopy(heading)
            for child in [child for child in text if _permalink(child)]:
                text.remove(child)
            heading.set("aria-label", html.unescape(strip_tags(render_inner_html(text, self.md))))


class HeadingsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the toc extension (5), which adds the permalinks.
        md.treeprocessors.register(HeadingNames(md), "sl_headings", 4)


def makeExtension(**kwargs) -> HeadingsExtension:
    return HeadingsExtension(**kwargs)
