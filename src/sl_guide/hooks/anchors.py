"""Deep links trainers can trust: the anchor manifest and the "Link to this guide" page.

``anchors.txt`` (at the root of the project) lists every public deep link of the
guide, one ``page.md`` or ``page.md#id`` a line, grouped under ``[Topic]`` lines.
An entry followed by ``(not listed)`` is a stable address that is part of a page's
structure rather than a topic (e.g. an "In this section" list): it is checked like
every other entry but not shown on the "Link to this guide" page. This hook:

* reads and checks the manifest when the files are known (``on_files``): a
  malformed line, a duplicate or a page that does not exist stops the build with
  the manifest's file name, line number and entry;
* notes, for every rendered page, the text of each element that carries an id
  (heading, table caption, first cell of a table row, list paragraph, glossary
  term), so that links can be labelled with the words of the page itself;
* replaces the shortcode ``<!-- md:deep-links -->`` in ``link-to-this-guide.md`` by
  one section per topic, each entry a Markdown link to the anchor (so MkDocs checks
  every link and anchor in a strict build) followed by its full address
  (``site_url`` + the page's URL + ``#id``, the page's canonical address, which is
  also what the copy-link buttons copy) in ``<code class="deep-link__address">``,
  one unbreakable span per path segment, so that an address wraps only after a
  slash or before its ``#``, never at a hyphen (docs/assets/js/section-tools.js
  adds a copy button beside each);
* fills in the labels once every page is rendered (``on_env``), with the
  acronyms of the ``auto_append`` abbreviation files as ``<abbr title>`` like on
  every other page, and stops the build, naming the manifest entry, if an id is
  not on its page any more. A label that two entries would share (two sections
  called "What this example illustrates") is prefixed with its page's title.

The list of links is thus maintained once, in ``anchors.txt``.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

from sl_guide.urls import online_url

log = logging.getLogger("mkdocs.hooks.anchors")

MANIFEST_NAME = "anchors.txt"
LINK_PAGE = "link-to-this-guide.md"
MARKER = "<!-- md:deep-links -->"
TOPIC = re.compile(r"^\[(?P<topic>[^\[\]]+)\]$")
NOT_LISTED = "(not listed)"
ENTRY = re.compile(r"^(?P<page>[\w./-]+\.md)(?:#(?P<id>[A-Za-z][\w-]*))?(?:\s+(?P<flag>\(not listed\)))?$")
#: Between two entries' labels when a label is shared: "Wigan Deal – What this example illustrates".
QUALIFIER = " – "
PLACEHOLDER = "XDEEPLINKX{:04d}X"
PLACEHOLDER_RE = re.compile(r"XDEEPLINKX(\d{4})X")
ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<title>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Anchor:
    """One manifest entry."""

    topic: str
    page: str  # src_uri, e.g. "examples/wigan.md"
    id: str | None  # None: the page itself
    line: int
    listed: bool = True  # False: "(not listed)", kept working but not on the Link page

    @property
    def key(self) -> str:
        return f"{self.page}#{self.id}" if self.id else self.page


def read_manifest(path: Path) -> list[Anchor]:
    """Parse ``anchors.txt``; raise PluginError naming the file and line on bad input."""
    if not path.is_file():
        raise PluginError(f"anchors: manifest {path} not found")
    anchors: list[Anchor] = []
    seen: dict[str, int] = {}
    topic = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := TOPIC.match(line):
            topic = match.group("topic").strip()
            continue
        match = ENTRY.match(line)
        if not match:
            raise PluginError(
                f"anchors: {path.name}:{number}: not a 'page.md' or 'page.md#id' entry "
                f"(optionally followed by {NOT_LISTED!r}): {line!r}"
            )
        key = line.removesuffix(NOT_LISTED).strip()
        if topic is None:
            raise PluginError(f"anchors: {path.name}:{number}: entry {key!r} comes before any [Topic] line")
        if key in seen:
            raise PluginError(f"anchors: {path.name}:{number}: duplicate entry {key!r} (first on line {seen[key]})")
        seen[key] = number
        anchors.append(Anchor(topic, match.group("page"), match.group("id"), number, listed=not match.group("flag")))
    return anchors


class _IdText(HTMLParser):
    """Collect the visible text of every element with an id.

    A heading's permalink (``a.headerlink``) is left out; for a ``figure`` (a table
    with its caption) only the ``figcaption`` counts."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, id, skipped
        self.open: dict[str, list[str]] = {}
        self.figures: set[str] = set()
        self.texts: dict[str, str] = {}
        self.title_id: str | None = None  # id of the first h1
        self.repeated: list[str] = []  # ids given to a second element

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        skipped = "headerlink" in (attributes.get("class") or "").split()
        element_id = attributes.get("id")
        if element_id and (element_id in self.texts or element_id in self.open):
            self.repeated.append(element_id)
        elif element_id:
            self.open[element_id] = []
            if tag == "figure":
                self.figures.add(element_id)
            if tag == "h1" and self.title_id is None:
                self.title_id = element_id
        self.stack.append((tag, element_id, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, element_id, _ = self.stack.pop()
            if element_id in self.open:
                self.texts[element_id] = " ".join("".join(self.open.pop(element_id)).split())
            if open_tag == tag:
                break

    def handle_data(self, data):
        if any(skipped for _, _, skipped in self.stack):
            return
        in_caption = any(tag == "figcaption" for tag, _, _ in self.stack)
        for element_id, parts in self.open.items():
            if element_id in self.figures and not in_caption:
                continue
            parts.append(data)


def _parsed(content: str) -> _IdText:
    parser = _IdText()
    parser.feed(content)
    parser.close()
    return parser


def element_texts(content: str) -> tuple[dict[str, str], str | None]:
    """Map each id in an HTML fragment to the text of its element; also the title's id."""
    parser = _parsed(content)
    return parser.texts, parser.title_id


# --- MkDocs events -------------------------------------------------------------

_state: dict = {}


def on_config(config, **kwargs):
    root = Path(config.config_file_path).resolve().parent
    _state.clear()
    _state.update(manifest=root / MANIFEST_NAME, anchors=[], texts={}, titles={}, nav_titles={}, config=config)
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    bases = [root / base for base in (snippets.get("base_path") or ["."])]
    abbreviations: dict[str, str] = {}
    for name in snippets.get("auto_append", []):
        for base in bases:
            if (base / name).is_file():
                text = (base / name).read_text(encoding="utf-8")
                abbreviations.update((m["abbr"], m["title"]) for m in ABBREVIATION.finditer(text))
                break
    _state["abbreviations"] = abbreviations
    return config


def with_abbreviations(text: str, abbreviations: dict[str, str]) -> str:
    """Escape ``text`` for HTML and mark its acronyms up as ``<abbr title>``."""
    escaped = html.escape(text, quote=False)
    if not abbreviations:
        return escaped
    words = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return re.sub(
        rf"(?<![\w-])({words})(?!\w)",
        lambda m: f'<abbr title="{html.escape(abbreviations[m.group(1)])}">{m.group(1)}</abbr>',
        escaped,
    )


def on_files(files, config, **kwargs):
    anchors = read_manifest(_state["manifest"])
    for anchor in anchors:
        file = files.get_file_from_path(anchor.page)
        if file is None or not file.is_documentation_page():
            raise PluginError(
                f"anchors: {MANIFEST_NAME}:{anchor.line}: entry {anchor.key!r} names a page that does not exist"
            )
    _state["anchors"] = anchors
    _state["files"] = files
    return files


#: One unbreakable piece of an address: "https://host/", then each "segment/", then "#id".
ADDRESS_SEGMENT = re.compile(r"^[A-Za-z][\w+.-]*://[^/#]*/?|[^/#]+/?|#.*")
#: Characters that Markdown would read as markup in inline text: written as entities.
MARKDOWN_ENTITIES = {"_": "&#95;", "*": "&#42;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}


def address_html(address: str) -> str:
    """``address`` as inline HTML for Markdown: one ``white-space: nowrap`` span per
    segment and a ``<wbr>`` between them, so it breaks only after a slash or before ``#``."""

    def text(segment: str) -> str:
        return "".join(MARKDOWN_ENTITIES.get(c, c) for c in html.escape(segment))

    segments = ADDRESS_SEGMENT.findall(address)
    assert "".join(segments) == address, address
    spans = "<wbr>".join(f'<span class="deep-link__segment">{text(s)}</span>' for s in segments)
    return f'<span class="deep-link"><code class="deep-link__address">{spans}</code></span>'


def address_of(anchor: Anchor) -> str:
    """The canonical address of a manifest entry: the page's online address + ``#id``
    (also in the offline build, whose own page URLs end in .html: sl_guide.urls)."""
    return online_url(_state["config"], anchor.page) + (f"#{anchor.id}" if anchor.id else "")


def _link_page_markdown(page) -> str:
    """Markdown for the shortcode: a section per topic, a link per listed manifest entry."""
    lines: list[str] = []
    topic = None
    for number, anchor in enumerate(_state["anchors"]):
        if not anchor.listed:
            continue
        if anchor.topic != topic:
            topic = anchor.topic
            slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")
            lines += ["", f"## {topic} {{#links-{slug}}}", ""]
        target = posixpath.relpath(anchor.page, posixpath.dirname(page.file.src_uri) or ".")
        fragment = f"#{anchor.id}" if anchor.id else ""
        lines.append(f"- [{PLACEHOLDER.format(number)}]({target}{fragment}) {address_html(address_of(anchor))}")
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown, page, config, files, **kwargs):
    if page.file.src_uri == LINK_PAGE:
        if MARKER not in markdown:
            where = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
            raise PluginError(f"anchors: {where}: the shortcode {MARKER} is missing")
        markdown = markdown.replace(MARKER, _link_page_markdown(page), 1)
    return markdown


def on_page_content(html_content, page, config, files, **kwargs):
    parsed = _parsed(html_content)
    for element_id in dict.fromkeys(parsed.repeated):
        # An id written twice ({#id} on two elements: a pasted glossary entry): a link
        # or deep link would reach the first only. Name the lines that write it.
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
        written = re.compile(r"\{[^{}\n]*#" + re.escape(element_id) + r"(?![\w-])[^{}\n]*\}|\bid=[\"']" +
                             re.escape(element_id) + r"[\"']")
        lines = [str(number) for number, line in enumerate(source, 1) if written.search(line)]
        raise PluginError(f"docs/{page.file.src_uri}:{lines[0] if lines else '?'}: the id '{element_id}' is on two "
                          f"elements of the page (lines {', '.join(lines) or 'unknown'}); every id must be unique "
                          "(a link to it reaches only the first)")
    texts, title_id = parsed.texts, parsed.title_id
    _state["texts"][page.file.src_uri] = texts
    _state["titles"][page.file.src_uri] = texts.get(title_id or "") or page.title
    _state["nav_titles"][page.file.src_uri] = page.title or _state["titles"][page.file.src_uri]
    return html_content


def label(anchor: Anchor) -> str:
    """The words of the page for a manifest entry (its title, or its element's text)."""
    if anchor.id is None:
        return _state["titles"].get(anchor.page) or anchor.page
    texts = _state["texts"].get(anchor.page, {})
    if anchor.id not in texts:
        raise PluginError(
            f"anchors: {MANIFEST_NAME}:{anchor.line}: entry {anchor.key!r}: "
            f"no element with id {anchor.id!r} on {anchor.page}"
        )
    return texts[anchor.id] or anchor.key


def unique_labels(anchors: list[Anchor], labels: list[str]) -> list[str]:
    """The labels of the listed entries, a shared one prefixed with its page's title."""
    counts: dict[str, int] = {}
    for anchor, text in zip(anchors, labels, strict=True):
        if anchor.listed:
            counts[text] = counts.get(text, 0) + 1
    return [
        f"{_state['nav_titles'].get(anchor.page, anchor.page)}{QUALIFIER}{text}"
        if anchor.id and anchor.listed and counts.get(text, 0) > 1 else text
        for anchor, text in zip(anchors, labels, strict=True)
    ]


def on_env(env, config, files, **kwargs):
    anchors = _state["anchors"]
    labels = unique_labels(anchors, [label(anchor) for anchor in anchors])
    link_file = files.get_file_from_path(LINK_PAGE)
    if link_file is not None and link_file.page is not None and link_file.page.content:
        def fill(content: str) -> str:
            return PLACEHOLDER_RE.sub(
                lambda m: with_abbreviations(labels[int(m.group(1))], _state["abbreviations"]), content
            )

        link_file.page.content = fill(link_file.page.content)
    return env
