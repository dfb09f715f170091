"""Citation core: Markdown pages and a .bib file in, citeproc's HTML out.

No MkDocs import: this is what moves if the site changes generator.

One build = one call of :func:`render`, which runs pandoc's citeproc (the
pandoc of pypandoc-binary) **once** over every citation cluster of every page,
in reading order, plus every entry of the bibliography (``nocite: @*``), with
the Cite Them Right style and ``lang: en-GB``. Everything a reader sees of a
citation or a reference is citeproc's output: sorting and collapsing inside a
cluster, year suffixes, prefixes, suffixes, locators and page ranges,
``[-@key]``, narrative ``@key`` and ``@key [p. 5]``, clusters broken over lines.
pandoc's own HTML writer then turns citeproc's result into HTML (a second
pandoc process, without citeproc). Nothing here re-assembles cluster text.

What this module decides itself is only *where* the clusters are in a page
(:func:`find_clusters`), because the pages are Python-Markdown, not pandoc
Markdown (admonitions are indented, for one). Each place found is handed to
pandoc on its own; pandoc must read exactly one citation there, or the build
stops with an error naming the file, line and key. A citation that pandoc
would read but this module cannot place safely is refused the same way. It is
never rendered wrong.

The section references ("Cite this section") are formatted in a second
citeproc run started at the same time (so the build does not wait for it):
in the main run citeproc would give every section of the 2020 briefing and
the briefing itself year suffixes (2020a, 2020b, …), because they share
author and year; each section reference stands alone, so its run uses the
same style with year-suffix disambiguation switched off.

The few deliberate departures from raw citeproc output are listed once, in
:data:`DEPARTURES`, each with its reason and its function; the one option of the
style that this edition changes (every author in a reference) is
:data:`BIBLIOGRAPHY_OPTIONS`.
"""

from __future__ import annotations

import copy
import difflib
import json
import posixpath
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

# --- Errors -------------------------------------------------------------------------------


class CitationError(Exception):
    """Bad input: the message names the file, the line and the key (or field)."""


# --- Finding the clusters in a Python-Markdown page ---------------------------------------

#: Fenced code blocks (also indented, inside admonitions) and inline code spans.
CODE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$"
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",
    re.MULTILINE | re.DOTALL,
)
#: Text where an ``@`` is never a citation: HTML comments, link targets, autolinks,
#: bare URLs, e-mail addresses and the escape ``\@`` (a literal "@").
NOT_CITATION = re.compile(
    r"<!--.*?-->"
    r"|(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)"
    r"|<(?:https?://|mailto:)[^>\s]+>"
    r"|https?://[^\s<>\]\)]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\\@",
    re.DOTALL,
)
#: An ``@`` where pandoc's Markdown reader may start a citation key.
CITE_AT = re.compile(r"(?<![\w\x00])@(?=[\w{])")
#: A bracketed group holding an ``@`` (no blank line inside; innermost brackets).
GROUP = re.compile(r"(?<![!\\\]])\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n))*)\]")
#: A narrative citation ``@key``, with an optional suffix ``@key [p. 5]``
#: (pandoc's key: a letter, digit or ``_``, then word characters and inner ``:.#$%&+?<>~/-``).
NARRATIVE = re.compile(
    r"(?<![\w\x00])@(?P<key>\w(?:\w|[:.#$%&+?<>~/-](?=\w))*)(?P<suffix> \[[^\[\]\n@]*\](?![(\[{:]))?"
)
#: A heading, for "Cited on" links and the section references.
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*(?:\{[ \t]*:?[ \t]*#(?P<id>[\w-]+)(?P<attrs>[^}]*)\})?[ \t]*$")
#: A link to a bibliography entry, which also counts as citing it.
BIB_LINK = re.compile(r"\]\((?P<path>[^)#\s]*bibliography\.md)#ref-(?P<key>[^)\s\"]+)")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", "\x00", match.group(0))


def mask(markdown: str) -> str:
    """The page with code and non-citation ``@`` blanked out, same length and lines."""
    return NOT_CITATION.sub(_blank, CODE.sub(_blank, markdown))


@dataclass(frozen=True)
class Place:
    """A citation cluster's place in a page: offsets, 1-based line and source text."""

    start: int
    end: int
    line: int
    source: str


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_clusters(markdown: str, where: str, first_line: int = 1) -> list[Place]:
    """Every place in ``markdown`` that holds a citation, in order.

    ``where`` (the page's path) and ``first_line`` (the line of the file where
    ``markdown`` starts, after front matter) go into error messages.
    """
    masked = mask(markdown)
    places: list[Place] = []

    def refuse(offset: int, text: str, why: str) -> CitationError:
        key = re.search(r"@\{?([^\s;,\]}]+)", text)
        return CitationError(
            f"{where}:{_line(markdown, offset) + first_line - 1}: cannot place the citation "
            f"'{' '.join(text.split())}' (key '{key.group(1) if key else '?'}'): {why}"
        )

    for group in GROUP.finditer(masked):
        if not CITE_AT.search(group["body"]):
            continue  # a link text, an e-mail address in brackets, "\@": not a citation
        following = markdown[group.end():group.end() + 1]
        text = markdown[group.start():group.end()]
        line_start = masked.rfind("\n", 0, group.start()) + 1
        at_line_start = not masked[line_start:group.start()].strip()
        if following in ("(", "[", "{") or (following == ":" and at_line_start):
            raise refuse(group.start(), text, f"square brackets followed by '{following}' are a link, "
                         "span or definition in Python-Markdown, not a citation group")
        if "@{" in group["body"]:
            raise refuse(group.start(), text, "write keys without braces: @key")
        places.append(Place(group.start(), group.end(), _line(markdown, group.start()) + first_line - 1, text))
    rest = masked
    for place in places:
        rest = rest[:place.start] + "\x00" * (place.end - place.start) + rest[place.end:]
    for found in NARRATIVE.finditer(rest):
        text = markdown[found.start():found.end()]
        paragraph = rest[rest.rfind("\n\n", 0, found.start()) + 1:found.start()]
        if paragraph.count("[") > paragraph.count("]"):
            raise refuse(found.start(), text, "it sits inside square brackets that are not one citation "
                         "group (nested brackets); write [see @key, p. 5] or @key [p. 5]")
        places.append(Place(found.start(), found.end(), _line(markdown, found.start()) + first_line - 1, text))
    for place in places:
        rest = rest[:place.start] + "\x00" * (place.end - place.start) + rest[place.end:]
    left = CITE_AT.search(rest)
    if left:
        raise refuse(left.start(), markdown[left.start():left.start() + 30].split()[0],
                     "write keys without braces (@key), or \\@ for a literal '@'")
    return sorted(places, key=lambda place: place.start)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # Markdown, attribute list removed
    id: str | None
    line: int
    classes: tuple[str, ...] = ()  # from the attribute list: {#id .editorial}


#: The class of a heading the editors added over their own content (``## … {#id .editorial}``):
#: it gets no "Cite this section", which would credit the briefing with the editors' words.
EDITORIAL = "editorial"


def headings(markdown: str, first_line: int = 1) -> list[Heading]:
    """The page's ATX headings outside code, with their explicit ids."""
    found = []
    for number, line in enumerate(CODE.sub(_blank, markdown).splitlines(), start=first_line):
        match = HEADING.match(line)
        if match:
            classes = tuple(re.findall(r"(?<![^\s])\.([\w-]+)", match["attrs"] or ""))
            found.append(Heading(len(match["hashes"]), match["text"], match["id"], number, classes))
    return found


#: ``{: data-source-of="id" }``, the last line of a paragraph of citations that closes a
#: run of subsections: the sources of the whole section ``id``, not only of the subsection
#: the paragraph comes last in (the Toronto skills' closing citation is the source of all
#: six skills). "Cited on" names section ``id`` (the page itself for its ``#`` heading),
#: and "Print this section" of any part of it prints the paragraph and its references.
SOURCE_OF = re.compile(r'^\{:?[^}\n]*?(?<![\w-])data-source-of="(?P<id>[^"]*)"[^}\n]*\}[ \t]*$', re.MULTILINE)


def sources_of(markdown: str, where: str, first_line: int = 1) -> dict[int, Heading]:
    """Each line of a paragraph marked ``data-source-of`` (counted in ``markdown``, 1 = its
    first line) and the heading whose section the paragraph names. The heading must come
    before the paragraph, and the paragraph lie inside its section and hold a citation;
    otherwise :class:`CitationError` names the file, line and ``data-source-of``."""
    lines = mask(markdown).splitlines()
    page_headings = headings(markdown)
    found: dict[int, Heading] = {}
    for match in SOURCE_OF.finditer(CODE.sub(_blank, markdown)):
        last = _line(markdown, match.start())
        first = last
        while first > 1 and lines[first - 2].strip():
            first -= 1
        paragraph = "\n".join(lines[first - 1:last - 1])
        at = f"{where}:{last + first_line - 1}: data-source-of=\"{match['id']}\""
        if not CITE_AT.search(paragraph):
            raise CitationError(f"{at}: the paragraph above holds no citation")
        before = [h for h in page_headings if h.line < first]
        target = next((i for i in range(len(before) - 1, -1, -1) if before[i].id == match["id"]), None)
        if target is None:
            raise CitationError(f"{at}: no heading with that id comes before this paragraph on the page "
                                f"(headings above: {', '.join(h.id for h in before if h.id) or 'none'})")
        if any(h.level <= before[target].level for h in before[target + 1:]):
            raise CitationError(f"{at}: the section '{match['id']}' ends before this paragraph "
                                "(a heading of its level or higher comes between)")
        for line in range(first, last + 1):
            found[line] = before[target]
    return found


# --- Input and output ---------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page: its path under docs/, its Markdown (without front matter) and where it starts."""

    src_uri: str
    markdown: str
    first_line: int = 1
    title: str = ""  # for "Cited on" links; default: the page's level-1 heading
    url: str = ""  # absolute URL of the page, for section references ("" = none)
    cite_sections: bool = False  # give each h2 a section reference

    @property
    def where(self) -> str:
        return f"docs/{self.src_uri}"


@dataclass(frozen=True)
class Publication:
    """The work a section reference points into (the guide itself)."""

    family: str
    given: str
    title: str
    publisher: str
    place: str
    year: int


@dataclass
class Cluster:
    place: Place
    keys: list[str]
    html: str


@dataclass
class Entry:
    key: str
    type: str
    html: str  # inner HTML of the reference (citeproc's, after DEPARTURES)
    text: str  # plain text, for previews


@dataclass(frozen=True)
class Occurrence:
    src_uri: str
    page_title: str
    section_id: str | None
    section_title: str | None


@dataclass
class Rendering:
    """Everything one build shows of citations and references."""

    clusters: dict[str, list[Cluster]] = field(default_factory=dict)  # src_uri -> clusters
    entries: dict[str, Entry] = field(default_factory=dict)  # in bibliography order
    cited_on: dict[str, list[Occurrence]] = field(default_factory=dict)
    sections: dict[tuple[str, str], str] = field(default_factory=dict)  # (src_uri, id) -> HTML
    section_titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (src_uri, id) -> heading text
    linked: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> keys of links to entries

    def cited(self, src_uri: str) -> list[str]:
        """Keys a page cites or links to (:data:`BIB_LINK`), in bibliography order."""
        keys = {key for cluster in self.clusters.get(src_uri, []) for key in cluster.keys}
        keys |= set(self.linked.get(src_uri, []))
        return [key for key in self.entries if key in keys]


# --- Bibliography data ----------------------------------------------------------------------

REQUIRED = {"title", "year"}
#: The fields a reference of this guide may have (BibLaTeX's names, which pandoc reads for
#: Cite Them Right). Any other name is taken for a typo (``ulr``, ``jounral``): the build
#: stops, where the entry would otherwise be published without that field.
FIELDS = frozenset({
    "author", "editor", "title", "year", "month", "date", "journal", "journaltitle", "volume", "number",
    "pages", "edition", "publisher", "address", "location", "organization", "institution", "type", "url",
    "urldate", "doi", "note", "entrysubtype",
})
#: The start of an entry: ``@type{key,`` (``@comment``, ``@string``, ``@preamble`` excluded).
ENTRY_START = re.compile(r"^[ \t]*@(?!(?:comment|string|preamble)\b)(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]*)", re.I | re.M)
#: Markup that would reach the page as HTML: tags, comments, processing instructions.
HTML_MARKUP = re.compile(r"<(?:[/?]?[a-zA-Z]|!)")
#: ``note = {Archived copy: https://web.archive.org/web/...}`` records a dead ``url``.
ARCHIVED = re.compile(r"Archived copy:\s*(?:\\url\{)?(?P<url>https?://[^\s{}]+)", re.IGNORECASE)


def entry_kind(entry) -> str:
    """The entry type, "legislation" for an Act (``@legislation``, or ``entrysubtype = {legislation}``,
    which references.bib uses because BibLaTeX's @legislation admits no title)."""
    if entry.fields.get("entrysubtype", "").strip().lower() == "legislation":
        return "legislation"
    return entry.type.lower()


def archived_copy(entry) -> str | None:
    """The archived copy's URL from a pybtex entry's ``note``, if it records one."""
    match = ARCHIVED.search(entry.fields.get("note", ""))
    return match["url"] if match else None


@dataclass
class BibEntry:
    key: str
    type: str
    line: int
    archived: str | None


def _bib_check_braces(text: str, name: str) -> None:
    """Name the entry whose braces do not balance (pybtex names where it gave up)."""
    starts = list(ENTRY_START.finditer(text))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        chunk = "\n".join(line for line in text[start.start():end].splitlines() if not line.lstrip().startswith("%"))
        depth = 0
        for ch in re.sub(r"\\[{}]", "", chunk):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth:
            what = "a '}' closes nothing" if depth < 0 else f"{depth} '{{' not closed"
            raise CitationError(f"{name}: entry '{start['key']}' (line {_line(text, start.start())}): unbalanced braces, {what}")


def read_bib(bib_path: Path) -> dict[str, BibEntry]:
    """Parse ``references.bib`` strictly; raise :class:`CitationError` naming file, line and key.

    pybtex's own strict mode is a process-wide switch, so it is not touched:
    every error pybtex reports is captured here and turned into an error.
    """
    from pybtex.database import BibliographyDataError
    from pybtex.database.input.bibtex import Parser
    from pybtex.errors import capture
    from pybtex.exceptions import PybtexError

    name = bib_path.name
    if not bib_path.is_file():
        raise CitationError(f"{bib_path}: the bib_file does not exist")
    text = bib_path.read_text(encoding="utf-8")
    _bib_check_braces(text, name)
    lines: dict[str, int] = {}
    for start in ENTRY_START.finditer(text):
        key, line = start["key"], _line(text, start.start())
        if key.lower() in lines:
            raise CitationError(f"{name}: duplicate entry key '{key}' (lines {lines[key.lower()]} and {line}); "
                                "every entry needs its own key")
        lines[key.lower()] = line

    def at(line: int | None) -> str:
        before = [m for m in ENTRY_START.finditer(text) if line and _line(text, m.start()) <= line]
        return f"entry '{before[-1]['key']}' (line {_line(text, before[-1].start())}): " if before else ""

    try:
        with capture() as reported:
            data = Parser().parse_string(text)
    except (PybtexError, BibliographyDataError) as error:
        raise CitationError(f"{name}: {at(getattr(error, 'lineno', None))}{error}") from error
    if reported:
        error = reported[0]
        raise CitationError(f"{name}: {at(getattr(error, 'lineno', None))}{error}")
    entries = {}
    for key, entry in data.entries.items():
        where = f"{name}: entry '{key}' (line {lines.get(key.lower(), '?')})"
        missing = sorted(f for f in REQUIRED if not entry.fields.get(f))
        kind = entry_kind(entry)
        if kind != "legislation" and not (entry.persons.get("author") or entry.persons.get("editor")):
            missing.insert(0, "author")
        if missing:
            raise CitationError(f"{where} is missing field(s): {', '.join(missing)}")
        for field_name in [*entry.fields, *entry.persons]:
            if field_name.lower() not in FIELDS:
                near = difflib.get_close_matches(field_name.lower(), FIELDS, n=1)
                raise CitationError(
                    f"{where} has an unknown field '{field_name}'"
                    + (f" (did you mean '{near[0]}'?)" if near else "")
                    + f"; the fields a reference may have: {', '.join(sorted(FIELDS))}")
        for field_name, value in list(entry.fields.items()) + [
            (role, " and ".join(str(p) for p in persons)) for role, persons in entry.persons.items()
        ]:
            if HTML_MARKUP.search(value):
                raise CitationError(f"{where} field '{field_name}' contains HTML markup; "
                                    "write plain text (references are rendered as text).")
        url = entry.fields.get("url", "")
        if url and not re.match(r"https?://[^\s<>\"]+$", url):
            raise CitationError(f"{where} field 'url' is not an http:// or https:// address: '{url}'")
        entries[key] = BibEntry(key, kind, lines.get(key.lower(), 0), archived_copy(entry))
    return entries


def check_csl(path: Path) -> str | None:
    """None when ``path`` is a CSL style (a ``<style>`` with ``<citation>`` and ``<bibliography>``), else why not."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        return str(error)
    ns = "{http://purl.org/net/xbiblio/csl}"
    if root.tag != ns + "style" or any(root.find(ns + tag) is None for tag in ("citation", "bibliography")):
        return "needs a <style> root in the CSL namespace with <citation> and <bibliography>"
    return None


# --- Deliberate departures from citeproc's output -------------------------------------------
# Each takes and returns pandoc AST inlines (JSON), after citeproc, before HTML.


def _str(text: str) -> dict:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}


def _link_key(node: dict) -> str | None:
    if node.get("t") == "Link" and node["c"][2][0].startswith("#ref-"):
        return node["c"][2][0][len("#ref-"):]
    return None


def legislation_in_citation(inlines: list, entry: BibEntry) -> list:
    """An Act is cited by its short title, which holds the year: "(*Care Act 2014*)".

    Cite Them Right cites UK legislation by its short title, which includes the
    year; citeproc, given a work without author, prints title *and* year
    ("(*Care Act 2014*, 2014)", narrative "*Care Act 2014* (2014)"). Drop the
    repeated year. A narrative citation of an Act with a locator has no form
    here: it is refused (write ``[@key, s. 1]``).
    """
    out = []
    changed = False
    for node in inlines:
        if _link_key(node) == entry.key:
            content = node["c"][1]
            if (len(content) == 4 and content[0]["t"] == "Emph" and content[1] == _str(",")
                    and content[2]["t"] == "Space" and content[3]["t"] == "Str"):
                node = copy.deepcopy(node)
                node["c"][1] = content[:1]
                changed = True
        out.append(node)
    if changed:
        return out
    if (len(inlines) == 5 and inlines[0]["t"] == "Emph" and inlines[1]["t"] == "Space" and inlines[2] == _str("(")
            and _link_key(inlines[3]) == entry.key and inlines[4] == _str(")")):
        link = copy.deepcopy(inlines[3])
        link["c"][1] = [inlines[0]]
        return [link]
    raise ValueError(f"an Act is cited by its short title: write [@{entry.key}], [@{entry.key}, s. 1] or @{entry.key} "
                     "(a narrative citation of an Act takes no locator)")


def legislation_in_reference(inlines: list, entry: BibEntry) -> list:
    """The reference of an Act: "*Care Act 2014*. Available at: …" (no "(2014)" after the title)."""
    out = list(inlines)
    for i in range(1, len(out)):
        if out[i]["t"] == "Str" and re.fullmatch(r"\(\d{4}\)\.", out[i]["c"]) and out[i - 1]["t"] == "Space":
            return out[: i - 1] + [_str(".")] + out[i + 1:]
    return out


def no_preprint(inlines: list, entry: BibEntry) -> list:
    """No "[Preprint]": the style labels a journal article without volume or pages
    a preprint; the one such entry (Erens et al. 2017) is a published article whose
    details the briefing does not give."""
    out = []
    for node in inlines:
        if node["t"] == "Str" and node["c"].startswith("[Preprint]") and out and out[-1]["t"] == "Space":
            out.pop()
            rest = node["c"][len("[Preprint]"):]
            if rest:
                out.append(_str(rest))
            continue
        out.append(node)
    return out


def add_archived_copy(inlines: list, entry: BibEntry) -> list:
    """A dead ``url`` whose entry's ``note`` reads "Archived copy: URL" gets
    " Archived copy: URL." after the reference (CSL has no variable for it)."""
    if not entry.archived:
        return inlines
    url = entry.archived
    link = {"t": "Link", "c": [["", [], []], [_str(url)], [url, ""]]}
    return inlines + [SPACE, _str("Archived"), SPACE, _str("copy:"), SPACE, link, _str(".")]


#: The ONE list of departures from raw citeproc output: (what, applies to, function).
#: Reasons are in each function's docstring; tests/test_citations.py tests each one.
DEPARTURES = [
    ("Acts cited by short title", "citation", "legislation", legislation_in_citation),
    ("Acts: no year after the short title", "reference", "legislation", legislation_in_reference),
    ("no [Preprint] label", "reference", None, no_preprint),
    ("archived copy of a dead link", "reference", None, add_archived_copy),
]


def _depart(inlines: list, entry: BibEntry, where: str) -> list:
    for _, applies, entry_type, function in DEPARTURES:
        if applies == where and entry_type in (None, entry.type):
            inlines = function(inlines, entry)
    return inlines


# --- pandoc -----------------------------------------------------------------------------------


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _start(args: list[str], text: str) -> subprocess.Popen:
    proc = subprocess.Popen([pandoc_path(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    proc.stdin.write(text)
    proc.stdin.close()
    return proc


def _finish(proc: subprocess.Popen, what: str) -> str:
    out = proc.stdout.read()
    err = proc.stderr.read()
    if proc.wait() != 0:
        raise CitationError(f"pandoc failed on {what}: {err.strip()}")
    return out


def stringify(inlines: list) -> str:
    """Plain text of pandoc inlines (pandoc's ``stringify``), for link titles."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.append(stringify(content))
        elif kind in ("Span", "Link"):
            out.append(stringify(content[1]))
        elif kind == "Quoted":
            quote = "‘’" if content[0]["t"] == "SingleQuote" else "“”"
            out.append(quote[0] + stringify(content[1]) + quote[1])
        elif kind == "Code":
            out.append(content[1])
        elif kind == "Cite":
            out.append(stringify(content[1]))
    return " ".join("".join(out).split())


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON is YAML


#: The style's ``<bibliography>`` options this edition removes: a reference names every
#: author the briefing names (the style would shorten four or more authors to the first
#: and *et al.*, and the briefing prints them all). Citations in the text keep the style's
#: own rule. docs/bibliography.md's editorial note says so.
BIBLIOGRAPHY_OPTIONS = ("et-al-min", "et-al-use-first")


def style_variant(csl: Path, dest: Path, *, year_suffix: bool = True) -> Path:
    """The style without :data:`BIBLIOGRAPHY_OPTIONS` and, with ``year_suffix=False``,
    without year-suffix disambiguation (for standalone references)."""
    from xml.dom import minidom

    document = minidom.parse(str(csl))
    for bibliography in document.getElementsByTagName("bibliography"):
        for name in BIBLIOGRAPHY_OPTIONS:
            if bibliography.hasAttribute(name):
                bibliography.removeAttribute(name)
    for citation in document.getElementsByTagName("citation"):
        if not year_suffix and citation.hasAttribute("disambiguate-add-year-suffix"):
            citation.removeAttribute("disambiguate-add-year-suffix")
    dest.write_text(document.toxml(), encoding="utf-8")
    return dest


def _divs(blocks: list) -> dict[str, list]:
    return {block["c"][0][0]: block["c"][1] for block in blocks if block["t"] == "Div"}


def _to_html(pieces: dict[str, list], api_version: list) -> dict[str, str]:
    """pandoc's HTML writer on each piece of inlines (one process for all)."""
    blocks = []
    for name, inlines in pieces.items():
        blocks += [{"t": "RawBlock", "c": ["html", f"<!--sl-piece {name}-->"]}, {"t": "Plain", "c": inlines}]
    doc = {"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}
    html = _finish(_start(["-f", "json", "-t", "html", "--wrap=none"], json.dumps(doc)), "the HTML of the citations")
    parts = re.split(r"^<!--sl-piece (\S+)-->\n", html, flags=re.M)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


#: What the accessed date of a section reference is before a script fills it in.
ACCESSED_SENTINEL = "ACCESSEDDATEPLACEHOLDER"
ACCESSED_PLACEHOLDER = "date you accessed it"


def _accessed_span(inlines: list) -> list:
    """Put the accessed date of a section reference in ``span.cite-section__accessed``."""
    out = []
    for node in inlines:
        if node["t"] == "Str" and ACCESSED_SENTINEL in node["c"]:
            before, after = node["c"].split(ACCESSED_SENTINEL, 1)
            if before:
                out.append(_str(before))
            out.append({"t": "Span", "c": [["", ["cite-section__accessed"], []], [_str(ACCESSED_PLACEHOLDER)]]})
            if after:
                out.append(_str(after))
        elif node["t"] in ("Span", "Link") and isinstance(node.get("c"), list):
            node = copy.deepcopy(node)
            node["c"][1] = _accessed_span(node["c"][1])
            out.append(node)
        else:
            out.append(node)
    return out


@dataclass
class Job:
    """The citeproc runs of one build: their exact input, and their processes once started.

    :func:`prepare` computes the input from the pages (no process yet); :meth:`start`
    starts pandoc. The plugin starts a job early, from the pages as ``mkdocs.yml`` and
    ``docs/`` give them, so citeproc works while MkDocs loads its theme; :func:`render`
    adopts a started job only when its input is *exactly* the input of the real pages
    (:meth:`same_input`), and otherwise cancels it and runs the real input.
    """

    bib_path: Path
    csl_path: Path
    places: list[tuple[Page, Place]]
    section_list: list[tuple[Page, Heading]]
    main_input: str
    sections_items: list[dict]
    _procs: tuple | None = None
    _tmp: tempfile.TemporaryDirectory | None = None

    @property
    def sections_input(self) -> str | None:
        if not self.sections_items:
            return None
        return (f"---\nlang: en-GB\nlink-bibliography: true\nnocite: '@*'\n"
                f"references: {_yaml(self.sections_items)}\n...\n")

    def same_input(self, other: Job) -> bool:
        return (self.bib_path, self.csl_path, self.main_input, self.sections_input) == (
            other.bib_path, other.csl_path, other.main_input, other.sections_input)

    def start(self) -> Job:
        common = ["-f", "markdown", "-t", "json", "--citeproc"]
        self._tmp = tempfile.TemporaryDirectory(prefix="sl-cite-")
        style = style_variant(self.csl_path, Path(self._tmp.name) / "style.csl")
        main = _start([*common, f"--csl={style}", f"--bibliography={self.bib_path}"], self.main_input)
        sections = None
        if self.sections_input is not None:
            standalone = style_variant(self.csl_path, Path(self._tmp.name) / "standalone.csl", year_suffix=False)
            sections = _start([*common, f"--csl={standalone}"], self.sections_input)
        self._procs = (main, sections)
        return self

    def results(self) -> tuple[dict, dict | None]:
        """citeproc's two results (pandoc JSON); waits for the processes."""
        main, sections = self._procs or self.start()._procs
        try:
            result = json.loads(_finish(main, f"{self.bib_path.name} with the style {self.csl_path.name}"))
            sections_result = json.loads(_finish(sections, "the section references")) if sections else None
        finally:
            self._cleanup()
        return result, sections_result

    def cancel(self) -> None:
        for proc in self._procs or ():
            if proc is not None:
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
                proc.stdout.close()
                proc.stderr.close()
        self._procs = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def prepare(pages: list[Page], bib_path: Path, csl_path: Path, publication: Publication | None = None) -> Job:
    """The input of the citeproc runs for ``pages`` (in reading order); nothing started yet.

    Raises :class:`CitationError` for a cluster that cannot be placed (file, line, text).
    """
    places: list[tuple[Page, Place]] = []
    for page in pages:
        for place in find_clusters(page.markdown, page.where, page.first_line):
            places.append((page, place))
    meta = "---\nlang: en-GB\nlink-citations: true\nlink-bibliography: true\nnocite: '@*'\n...\n\n"
    body = "".join(f"::: {{#c{i}}}\n{place.source}\n:::\n\n" for i, (_, place) in enumerate(places))
    section_list: list[tuple[Page, Heading]] = []
    items: list[dict] = []
    if publication is not None:
        section_list = [(page, h) for page in pages if page.cite_sections and page.url
                        for h in headings(page.markdown, page.first_line)
                        if h.level == 2 and h.id and EDITORIAL not in h.classes]
        items = [{
            "id": f"s{i}", "type": "chapter", "title": heading.text,
            "author": [{"family": publication.family, "given": publication.given}],
            "container-title": publication.title, "publisher": publication.publisher,
            "publisher-place": publication.place, "issued": {"date-parts": [[publication.year]]},
            "URL": f"{page.url}#{heading.id}", "accessed": {"literal": ACCESSED_SENTINEL},
        } for i, (page, heading) in enumerate(section_list)]
    return Job(bib_path, csl_path, places, section_list, meta + body, items)


def render(pages: list[Page], bib_path: Path, csl_path: Path, publication: Publication | None = None,
           started: Job | None = None) -> Rendering:
    """Render every cluster of ``pages`` (in reading order) and every entry: one citeproc run
    (``started``: a job started earlier, used only if its input is exactly this one's)."""
    rendering = Rendering()
    try:
        job = prepare(pages, bib_path, csl_path, publication)
    except CitationError:
        if started is not None:
            started.cancel()
        raise
    # The pages' places and sections are this job's; only the processes may be the early job's.
    places, section_list = job.places, job.section_list
    if started is not None and started.same_input(job):
        runs = started
    else:
        if started is not None:
            started.cancel()
        runs = job.start()
    try:
        bib = read_bib(bib_path)  # while pandoc works
    except CitationError:
        runs.cancel()
        raise
    result, sections_result = runs.results()

    divs = _divs(result["blocks"])
    refs = _divs(divs.get("refs", []))
    pieces: dict[str, list] = {}
    for div_id, blocks in refs.items():
        key = div_id[len("ref-"):]
        if key not in bib:
            continue
        inlines = blocks[0]["c"] if blocks and blocks[0]["t"] in ("Para", "Plain") else []
        inlines = _depart(inlines, bib[key], "reference")
        pieces[f"ref-{key}"] = inlines
        rendering.entries[key] = Entry(key, bib[key].type, "", stringify(inlines))

    for i, (page, place) in enumerate(places):
        blocks = divs.get(f"c{i}", [])
        cite = None
        if len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain") and len(blocks[0]["c"]) == 1:
            cite = blocks[0]["c"][0] if blocks[0]["c"][0]["t"] == "Cite" else None
        if cite is None:
            raise CitationError(
                f"{page.where}:{place.line}: malformed citation '{' '.join(place.source.split())}': pandoc does not "
                "read it as one citation; write [@key], [@key, p. 12], [see @key], [@a; @b], [-@key], "
                "@key or @key [p. 12]"
            )
        citations, content = cite["c"]
        keys = [c["citationId"] for c in citations]
        for key in keys:
            if key not in bib:
                raise CitationError(
                    f"{page.where}:{place.line}: unknown citation key '@{key}' — no entry '{key}' in "
                    f"{bib_path.name}. Add the entry to {bib_path.name} or correct the key "
                    "(write \\@ for a literal '@')."
                )
        for key in dict.fromkeys(keys):
            try:
                content = _depart(content, bib[key], "citation")
            except ValueError as error:
                raise CitationError(f"{page.where}:{place.line}: '{' '.join(place.source.split())}' "
                                    f"(key '{key}'): {error}") from error
        content = [_decorate(node, rendering.entries) for node in content]
        cite = {"t": "Cite", "c": [citations, content]}
        pieces[f"c{i}"] = [cite]
        rendering.clusters.setdefault(page.src_uri, []).append(Cluster(place, list(dict.fromkeys(keys)), ""))

    if sections_result is not None:
        section_refs = _divs(_divs(sections_result["blocks"]).get("refs", []))
        for i in range(len(section_list)):
            blocks = section_refs.get(f"ref-s{i}", [])
            pieces[f"s{i}"] = _accessed_span(blocks[0]["c"] if blocks else [])

    html = _to_html(pieces, result["pandoc-api-version"])
    for key, entry in rendering.entries.items():
        entry.html = html[f"ref-{key}"]
    index = 0
    for page in pages:
        for cluster in rendering.clusters.get(page.src_uri, []):
            cluster.html = markdown_safe(html[f"c{index}"])
            index += 1
    for i, (page, heading) in enumerate(section_list):
        rendering.sections[(page.src_uri, heading.id)] = html[f"s{i}"]
        rendering.section_titles[(page.src_uri, heading.id)] = heading.text
    rendering.cited_on = cited_on(pages)
    rendering.linked = {page.src_uri: [key for _, key in bib_links(page.markdown)] for page in pages}
    return rendering


def _decorate(node: dict, entries: dict[str, Entry]) -> dict:
    """Citation links: class ``citation`` and the full reference as title (the preview)."""
    key = _link_key(node)
    if key is not None and key in entries:
        node = copy.deepcopy(node)
        attr, content, (url, _) = node["c"]
        node["c"] = [[attr[0], attr[1] + ["citation"], attr[2]], content, [url, entries[key].text]]
        return node
    for kind in ("Emph", "Strong", "Span"):
        if node.get("t") == kind:
            node = copy.deepcopy(node)
            if kind == "Span":
                node["c"][1] = [_decorate(n, entries) for n in node["c"][1]]
            else:
                node["c"] = [_decorate(n, entries) for n in node["c"]]
    return node


#: Characters Python-Markdown would still read as Markdown in inline text.
_MARKDOWN_CHARS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]@|"}


#: Characters Python-Markdown reads before it stashes an inline tag (code spans,
#: escapes, table cells): written as character references inside attribute values.
_TAG_CHARS = {c: f"&#{ord(c)};" for c in "\\`|"}


def markdown_safe(html: str) -> str:
    """Inline HTML that Python-Markdown passes through unchanged: text between
    tags gets its Markdown characters as character references, and so do the
    few characters Python-Markdown reads inside a tag before it stashes it."""
    parts = re.split(r"(<[^>]*>)", html)
    return "".join("".join((_TAG_CHARS if i % 2 else _MARKDOWN_CHARS).get(ch, ch) for ch in part)
                   for i, part in enumerate(parts))


def bib_links(markdown: str) -> list[tuple[int, str]]:
    """(line, key) of each link to a bibliography entry outside code (:data:`BIB_LINK`):
    the briefing names a work in its text (an Act, in italics), and the page links the
    name to the entry instead of restyling it as a citation."""
    masked = mask(markdown)
    return [(_line(markdown, link.start()), link["key"]) for link in BIB_LINK.finditer(markdown)
            if masked[link.start()] != "\x00"]


def cited_on(pages: list[Page]) -> dict[str, list[Occurrence]]:
    """Where each key is cited (or linked to on the bibliography page), by page and section."""
    index: dict[str, list[Occurrence]] = {}
    for page in pages:
        title = page.title or next((h.text for h in headings(page.markdown) if h.level == 1), page.src_uri)
        # Lines counted in page.markdown (1 = its first line), as for the citations below.
        section_at = [(h.line, h) for h in headings(page.markdown) if h.level > 1]
        source_of = sources_of(page.markdown, page.where, page.first_line)
        places = find_clusters(page.markdown, page.where, page.first_line)
        found: list[tuple[int, str]] = []
        for place in places:
            for key in re.findall(r"(?<![\w])-?@(\w(?:\w|[:.#$%&+?<>~/-](?=\w))*)", place.source):
                found.append((place.line - page.first_line + 1, key))
        found += bib_links(page.markdown)
        for line, key in sorted(found):
            section = None
            for heading_line, heading in section_at:
                if heading_line <= line:
                    section = heading
            if line in source_of:
                section = source_of[line] if source_of[line].level > 1 else None
            occurrence = Occurrence(page.src_uri, title, section.id if section else None,
                                    section.text if section else None)
            occurrences = index.setdefault(key, [])
            if occurrence not in occurrences:
                occurrences.append(occurrence)
    return index


# --- Putting the rendering into a page --------------------------------------------------------


def apply(markdown: str, page: Page, rendering: Rendering) -> str:
    """The page's Markdown with each cluster replaced by its HTML.

    ``markdown`` must hold the clusters :func:`render` saw, in the same order
    (another plugin may have changed other text): otherwise an error.
    """
    clusters = rendering.clusters.get(page.src_uri, [])
    places = find_clusters(markdown, page.where, page.first_line)
    if [p.source for p in places] != [c.place.source for c in clusters]:
        raise CitationError(f"{page.where}: the page's citations changed after they were formatted "
                            "(another plugin edited them); they cannot be placed safely")
    # ``\@`` (a literal "@", as in pandoc) outside code: Python-Markdown would print the backslash.
    code_masked = CODE.sub(_blank, markdown)
    escapes = [m.start() for m in re.finditer(r"\\@", code_masked)]
    cuts = sorted([(p.start, p.end, c.html) for p, c in zip(places, clusters, strict=True)] + [(i, i + 2, "&#64;") for i in escapes])
    out, last = [], 0
    for start, end, html in cuts:
        out += [markdown[last:start], html]
        last = end
    return "".join(out) + markdown[last:]


def entry_html(entry: Entry) -> str:
    return f'<p id="ref-{entry.key}" class="csl-entry">{entry.html}</p>'


def references_section(page: Page, rendering: Rendering) -> str:
    """Markdown for the page's own References section ("" when it cites nothing)."""
    keys = rendering.cited(page.src_uri)
    if not keys:
        return ""
    entries = "\n\n".join(entry_html(rendering.entries[key]) for key in keys)
    # Kept out of the search index: each entry is found once, on the Bibliography page.
    return f"\n\n## References {{#references data-search-exclude}}\n\n{entries}\n"


def bibliography(page: Page, rendering: Rendering) -> str:
    """Markdown for the whole bibliography, each entry with "Cited on" links."""
    here = posixpath.dirname(page.src_uri)
    parts = []
    for key, entry in rendering.entries.items():
        parts.append(entry_html(entry))
        links = []
        for occ in rendering.cited_on.get(key, []):
            if occ.src_uri == page.src_uri:
                continue
            href = posixpath.relpath(occ.src_uri, here or ".")
            label = occ.page_title
            if occ.section_id and occ.section_title:
                href += f"#{occ.section_id}"
                label += f" › {occ.section_title}"
            links.append(f"[{label}]({href})")
        if links:
            parts.append("Cited on: " + "; ".join(links) + "\n{: .cited-on data-search-exclude }")
    return "\n\n".join(parts) + "\n"


def section_details(html: str, title: str) -> str:
    """The "Cite this section" block put after the h2 ``title`` (the heading's text, as
    the section reference gives it: :func:`headings`). Its summary names the section for
    assistive technology (a page has several of these blocks: a list of a page's controls
    would otherwise read "Cite this section" several times)."""
    hidden = f'<span class="guide-visually-hidden"> — {escape(title)}</span>'
    return (
        f'<details class="cite-section" data-search-exclude><summary>Cite this section{hidden}</summary>'
        f'<p class="cite-section__text">{html}</p></details>'
    )


def start_csl_json(bib_path: Path) -> subprocess.Popen:
    """Start pandoc's conversion of the bibliography to CSL-JSON (for reference managers)."""
    return _start(["-f", "biblatex", "-t", "csljson"], bib_path.read_text(encoding="utf-8"))


def finish_csl_json(proc: subprocess.Popen, bib_path: Path) -> str:
    out = _finish(proc, f"{bib_path.name} (CSL-JSON export)")
    return json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"


def csl_json(bib_path: Path) -> str:
    """The bibliography as CSL-JSON (pandoc's conversion)."""
    return finish_csl_json(start_csl_json(bib_path), bib_path)


# --- The safety net ---------------------------------------------------------------------------


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
    """Refuse a page whose rendered HTML still shows ``[@key]`` or ``@key`` outside code.

    Catches citation syntax that reaches the page by another route than the
    page's own Markdown (for example a snippet included after the citations
    were rendered).
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.chunks)
    found = UNRENDERED.search(text)
    if found:
        context = " ".join(text[max(0, found.start() - 40):found.end() + 20].split())
        raise CitationError(
            f"{where}: the page would be published with raw citation syntax '{found.group(0)}' "
            f"(in: \"…{context}…\"); citations are only rendered in the page's own Markdown, outside code"
        )


#: A rendered h2 with its id (Python-Markdown's toc writes ``<h2 id="…">…</h2>``).
H2 = re.compile(r"<h2\b[^>]*?\bid=\"(?P<id>[^\"]+)\"[^>]*>.*?</h2>", re.DOTALL)


def add_section_references(html: str, src_uri: str, rendering: Rendering) -> str:
    """Put "Cite this section" right after each h2 that has a section reference."""
    def add(match: re.Match) -> str:
        reference = rendering.sections.get((src_uri, match["id"]))
        if not reference:
            return match.group(0)
        return match.group(0) + section_details(reference, rendering.section_titles[(src_uri, match["id"])])

    return H2.sub(add, html)
