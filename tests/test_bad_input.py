"""Bad input (issue 7): the build either renders a fault correctly or stops,
naming the file and the key, link or field. It never publishes a broken citation.

Each case copies the project into a temporary folder, injects one fault and
runs a real strict build there (``sl_guide.toolkit.build``). The cases that must
build correctly share one build, with one assertion per behaviour.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sl_guide import toolkit
from sl_guide.toolkit import ROOT, build

pytestmark = pytest.mark.slow


def project_copy(tmp_path: Path) -> Path:
    """A copy of the project to break, in ``tmp_path/project``."""
    return toolkit.project_copy(tmp_path / "project")


def add_page(project: Path, text: str, name: str = "fault.md", in_nav: bool = True) -> None:
    front = "---\ndescription: A page written by the bad-input tests to hold one fault.\n---\n\n"
    (project / "docs" / name).write_text(front + text, encoding="utf-8")
    if in_nav:
        config = project / "mkdocs.yml"
        yml = config.read_text(encoding="utf-8")
        assert "\nnav:\n" in yml
        config.write_text(yml.replace("\nnav:\n", f"\nnav:\n  - Fault: {name}\n", 1), encoding="utf-8")


def add_bib(project: Path, entry: str) -> None:
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + entry.strip() + "\n", encoding="utf-8")


def set_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    yml = config.read_text(encoding="utf-8")
    assert old in yml, old
    config.write_text(yml.replace(old, new, 1), encoding="utf-8")


def first_bib_key() -> str:
    return re.search(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M).group(1)


COMPLETE = {"author": "author = {Doe, Jane},", "title": "title = {A title},", "year": "year = {2020},"}


def entry_without(field: str) -> str:
    body = "\n  ".join(line for name, line in COMPLETE.items() if name != field)
    return f"@book{{incomplete2020,\n  {body}\n  publisher = {{Publisher}},\n}}"


# --- Faults that must stop the build ------------------------------------------
# (id, injector, strings the error output must contain)

FAILING = [
    ("unknown-key", lambda p: add_page(p, "# Fault\n\nAs shown [@nosuchkey2020].\n"),
     ["docs/fault.md:7", "'@nosuchkey2020'", "unknown citation key"]),
    ("unknown-narrative-key", lambda p: add_page(p, "# Fault\n\nAs @nosuchkey2020 shows.\n"),
     ["docs/fault.md:7", "'@nosuchkey2020'", "unknown citation key"]),
    ("malformed-citation-group", lambda p: add_page(p, "# Fault\n\nSee [@timmins2015; p. 12].\n"),
     ["docs/fault.md:7", "[@timmins2015; p. 12]", "malformed citation"]),
    ("stray-at-sign", lambda p: add_page(p, "# Fault\n\nPublished in @2020.\n"),
     ["docs/fault.md:7", "'@2020'", "unknown citation key", "write \\@ for a literal '@'"]),
    ("citation-as-link-text", lambda p: add_page(p, "# Fault\n\nSee [@timmins2015](https://example.org).\n"),
     ["docs/fault.md:7", "cannot place the citation", "key 'timmins2015'", "followed by '('"]),
    ("citation-in-nested-brackets", lambda p: add_page(p, "# Fault\n\nSee [as @timmins2015 [p. 3] says].\n"),
     ["docs/fault.md:7", "cannot place the citation", "key 'timmins2015'", "nested brackets"]),
    ("braced-key", lambda p: add_page(p, "# Fault\n\nAs @{timmins2015} shows.\n"),
     ["docs/fault.md:7", "cannot place the citation", "key 'timmins2015'", "without braces"]),
    ("act-narrative-with-locator", lambda p: add_page(p, "# Fault\n\nAs @careact2014 [s. 1] says.\n"),
     ["docs/fault.md:7", "key 'careact2014'", "takes no locator"]),
    ("raw-citation-from-snippet", lambda p: (
        (p / "fault-snippet.md").write_text("Included text [@timmins2015].\n", encoding="utf-8"),
        add_page(p, '# Fault\n\n--8<-- "fault-snippet.md"\n'),
    ), ["docs/fault.md", "raw citation syntax", "[@"]),
    ("unbalanced-brace", lambda p: add_bib(p, "@book{broken2020,\n  author = {Doe, Jane},\n"
                                           "  title = {{Unclosed title},\n  year = {2020},\n}"),
     ["references.bib", "broken2020", "unbalanced braces"]),
    ("missing-comma", lambda p: add_bib(p, "@book{nocomma2020,\n  author = {Doe, Jane}\n"
                                        "  title = {A title},\n  year = {2020},\n}"),
     ["references.bib", "nocomma2020", "syntax error in line"]),
    ("duplicate-key", lambda p: add_bib(p, f"@book{{{first_bib_key()},\n  author = {{Doe, Jane}},\n"
                                        "  title = {Again},\n  year = {2020},\n}"),
     ["references.bib", first_bib_key(), "duplicate entry key"]),
    *[
        (f"missing-{field}", lambda p, field=field: add_bib(p, entry_without(field)),
         ["references.bib", "incomplete2020", f"missing field(s): {field}"])
        for field in ("author", "title", "year")
    ],
    ("field-typo", lambda p: add_bib(p, "@online{typo2020,\n  author = {Doe, Jane},\n  title = {T},\n"
                                     "  year = {2020},\n  ulr = {https://example.org},\n}"),
     ["references.bib", "entry 'typo2020' (line", "unknown field 'ulr'", "did you mean 'url'?"]),
    ("url-not-http", lambda p: add_bib(p, "@online{badurl2020,\n  author = {Doe, Jane},\n  title = {T},\n"
                                       "  year = {2020},\n  url = {javascript:alert(1)},\n}"),
     ["references.bib", "badurl2020", "field 'url'"]),
    ("source-of-no-such-section", lambda p: add_page(
        p, "# Fault {#fault}\n\n## One {#one}\n\nA.\n\n## Two {#two}\n\nB.\n\n"
           "[@timmins2015]\n{: data-source-of=\"nosuchsection\" }\n"),
     ["docs/fault.md:16", 'data-source-of="nosuchsection"', "no heading with that id"]),
    ("front-matter-not-yaml", lambda p: (add_page(p, "# Fault\n"), (p / "docs" / "fault.md").write_text(
        "---\ndescription: Fault: a value with a colon\n---\n\n# Fault\n", encoding="utf-8")),
     ["docs/fault.md:2", "not valid YAML", "mapping values are not allowed here (column 19)", "needs quotes"]),
    ("id-twice", lambda p: add_page(p, "# Fault\n\nTerm {#term}\n:   One.\n\nTerm {#term}\n:   Again.\n"),
     ["docs/fault.md:7", "the id 'term' is on two elements of the page (lines 7, 10)"]),
    ("link-to-missing-page", lambda p: add_page(p, "# Fault\n\nSee [the missing page](no-such-page.md).\n"),
     ["fault.md", "no-such-page.md"]),
    ("link-to-missing-anchor", lambda p: add_page(p, "# Fault\n\nSee [about](about.md#no-such-anchor).\n"),
     ["fault.md", "about.md#no-such-anchor", "anchor"]),
    ("page-missing-from-nav", lambda p: add_page(p, "# Orphan\n\nNot in the nav.\n", "orphan.md", in_nav=False),
     ["orphan.md", "nav"]),
    ("csl-path-missing", lambda p: set_config(p, "csl_file: harvard-cite-them-right", "csl_file: styles/harvard.csl"),
     ["mkdocs.yml", "csl_file", "styles/harvard.csl"]),
    ("csl-path-not-a-style", lambda p: set_config(p, "csl_file: harvard-cite-them-right", "csl_file: references.bib"),
     ["mkdocs.yml", "csl_file", "references.bib", "not a CSL style"]),
    ("bib-file-missing", lambda p: set_config(p, "bib_file: references.bib", "bib_file: refs.bib"),
     ["bib_file", "refs.bib", "does not exist"]),
]

#: HTML in a bib field: rejected with the key and field named, never published.
HTML_PAYLOADS = [
    ("title", "{Safe <script>alert(1)</script> title}"),
    ("note", "{<img src=x onerror=alert(1)>}"),
    ("publisher", "{Press <!-- hidden}"),
    ("author", "{Doe, <b>Jane</b>}"),
]


def _assert_stops(proc, expected: list[str], dest: Path) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the build succeeded:\n{output[-2000:]}"
    assert "Traceback" not in output, f"a crash, not a clear error:\n{output[-3000:]}"
    for text in expected:
        assert text in output, f"{text!r} not in the error output:\n{output[-2000:]}"


@pytest.mark.parametrize("case", FAILING, ids=[case[0] for case in FAILING])
def test_fault_stops_the_build_naming_file_and_key(builds, case):
    name, _, expected = case
    proc, dest = builds[name].result()
    _assert_stops(proc, expected, dest)
    if expected[0].startswith("docs/fault.md"):  # the citation plugin refused the page: it is never written out
        assert not (dest / "fault" / "index.html").exists()


def _html_field(field: str, value: str):
    """The injector of one HTML payload: an entry with it in ``field``, cited by a page."""
    def inject(project: Path) -> None:
        fields = {"author": "{Doe, Jane}", "title": "{A title}", "year": "{2020}", field: value}
        add_bib(project, "@book{htmlfield2020,\n" + "".join(f"  {k} = {v},\n" for k, v in fields.items()) + "}")
        add_page(project, "# Fault\n\nAs shown [@htmlfield2020].\n")
    return inject


@pytest.mark.parametrize("field, value", HTML_PAYLOADS, ids=[f[0] for f in HTML_PAYLOADS])
def test_html_in_a_bib_field_is_rejected_and_never_published(builds, field, value):
    proc, dest = builds[f"html-{field}"].result()
    _assert_stops(proc, ["references.bib", "htmlfield2020", f"field '{field}'", "HTML"], dest)
    for html in dest.rglob("*.html") if dest.exists() else []:
        text = html.read_text(encoding="utf-8")
        assert "alert(1)" not in text and "<b>Jane" not in text, html


# --- Faults that must build correctly (one shared build) -----------------------

EXTRA_ENTRIES = r"""
@book{mueller2021,
  author    = {Müller, Anna},
  title     = {Umlauts in practice},
  year      = {2021},
  publisher = {Verlag},
}
@book{obrien2019,
  author    = {O'Brien, Brendan},
  title     = {Apostrophes in practice},
  year      = {2019},
  publisher = {Press},
  url       = {https://example.org/dead-report},
  note      = {Archived copy: https://web.archive.org/web/20200101000000/https://example.org/dead-report},
}
@book{oezdemir2018,
  author    = {{\"O}zdemir, Ay{\c{s}}e},
  title     = {Escaped accents in practice},
  year      = {2018},
  publisher = {Press},
}
@book{lukasiewicz2017,
  author    = {Łukasiewicz, Jan},
  title     = {Letters without decomposition},
  year      = {2017},
  publisher = {Press},
}
"""

GOOD_PAGE = r"""# Fault

| Work | Why |
| --- | --- |
| A table cell [@timmins2015] | cited in a cell |

!!! note "Editorial note"

    Inside an admonition [@senge2015, p. 3].

Non-ASCII names: [@mueller2021; @oezdemir2018], @obrien2019 and [see @lukasiewicz2017].
Two more for the order [@miller2019; @plsek2001].

```text
[@nosuchkey2020] and @nosuchkey2020 stay as they are in code.
```

Inline code `[@nosuchkey2020]` too. Write to editor@example.org or
[the editors](mailto:editor@example.org), or [editor@example.org], and a literal \@handle.
"""

#: Expected order of the page's References: by folded family name, then year.
GOOD_ORDER = ["lukasiewicz2017", "miller2019", "mueller2021", "obrien2019", "oezdemir2018",
              "plsek2001", "senge2015", "timmins2015"]


def _good(project: Path) -> None:
    add_bib(project, EXTRA_ENTRIES)
    add_page(project, GOOD_PAGE)


#: Every build of the module: its name and what it does to the copied project.
CASES = {
    **{name: inject for name, inject, _ in FAILING},
    **{f"html-{field}": _html_field(field, value) for field, value in HTML_PAYLOADS},
    "good": _good,
}


def _case_build(name: str, folder: Path) -> tuple[subprocess.CompletedProcess, Path]:
    project = project_copy(folder)
    CASES[name](project)
    dest = folder / "out"
    return build(dest, cwd=project), dest


def early_jobs(items, site) -> dict:
    """The builds the selected tests of this module read, by case name (conftest ``Early``:
    they start with the session, side by side, in the background)."""
    wanted = set()
    for item in items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        if "case" in params:
            wanted.add(params["case"][0])
        elif "field" in params and "good" not in item.fixturenames:
            wanted.add(f"html-{params['field']}")
        if "good" in item.fixturenames:
            wanted.add("good")
    return {name: functools.partial(_case_build, name) for name in CASES if name in wanted}


@pytest.fixture(scope="module")
def builds(request, early):
    """``builds[name].result()``: the case's (build process, output folder)."""
    return early(request.module)


@pytest.fixture(scope="module")
def good(builds):
    proc, dest = builds["good"].result()
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert not re.search(r"^WARNING\s+-", proc.stdout + proc.stderr, re.M), proc.stderr[-3000:]
    soup = lambda rel: BeautifulSoup((dest / rel).read_text(encoding="utf-8"), "lxml")  # noqa: E731
    return soup("fault/index.html"), soup("bibliography/index.html")


def _text(node) -> str:
    return unicodedata.normalize("NFC", node.get_text(" ")).replace("’", "'")


def _visible(node) -> str:
    node = node.__copy__()
    for code in node.select("code, pre, script, style"):
        code.decompose()
    return _text(node)


def test_citation_in_a_table_cell(good):
    page, _ = good
    links = page.select("article td a.citation")
    assert [a.get_text() for a in links] == ["Timmins, 2015"]
    assert links[0]["href"] == "#ref-timmins2015" and page.find(id="ref-timmins2015")


def test_citation_in_an_admonition(good):
    page, _ = good
    admonition = page.select_one("article .admonition")
    assert [a["href"] for a in admonition.select("a.citation")] == ["#ref-senge2015"]
    assert "(Senge, Hamilton and Kania, 2015, p. 3)" in " ".join(admonition.get_text().split())


def test_code_and_email_are_left_alone(good):
    page, _ = good
    codes = [c.get_text() for c in page.select("article code")]
    assert any("[@nosuchkey2020] and @nosuchkey2020 stay as they are" in c for c in codes), codes
    assert "[@nosuchkey2020]" in codes
    text = _visible(page.select_one("article"))
    assert "editor@example.org" in text and "[editor@example.org]" in text
    assert page.select_one('article a[href="mailto:editor@example.org"]').get_text() == "the editors"
    assert "a literal @handle" in text


def test_nothing_raw_is_published(good):
    page, _ = good
    text = _visible(page.select_one("article")).replace("@handle", "")
    assert "[@" not in text
    assert not re.findall(r"(?<![\w.+-])@[A-Za-z][\w:-]*", text), text
    assert "?" not in text


def test_non_ascii_names_render(good):
    page, _ = good
    texts = [" ".join(a.get_text().split()).replace("’", "'") for a in page.select("article span.citation a.citation")]
    texts += [" ".join(s.get_text().split()).replace("’", "'") for s in page.select("article span.citation")]
    for expected in ("Müller, 2021", "Özdemir, 2018", "O'Brien (2019)", "Łukasiewicz, 2017"):
        assert expected in [unicodedata.normalize("NFC", t) for t in texts], texts
    entry = _text(page.find(id="ref-oezdemir2018"))
    assert entry.startswith("Özdemir, A. (2018)"), entry
    assert "\\" not in _text(page.select_one("article"))


def test_non_ascii_names_sort_in_the_page_references(good):
    page, _ = good
    assert [e["id"][4:] for e in page.select("article p.csl-entry")] == GOOD_ORDER


@pytest.mark.parametrize("key, after, before", [
    ("lukasiewicz2017", "lga2018", "miller2014"),
    ("mueller2021", "mingers2010", "nao2018"),
    ("obrien2019", "nhse2015", "plsek2001"),
    ("oezdemir2018", "obrien2019", "plsek2001"),
])
def test_non_ascii_names_sort_in_the_bibliography(good, key, after, before):
    _, bibliography = good
    ids = [e["id"][4:] for e in bibliography.select("article p.csl-entry")]
    assert ids.index(after) < ids.index(key) < ids.index(before), ids


def test_dead_url_shows_its_archived_copy(good):
    page, _ = good
    entry = page.find(id="ref-obrien2019")
    hrefs = [a["href"] for a in entry.select("a")]
    assert hrefs == ["https://example.org/dead-report",
                     "https://web.archive.org/web/20200101000000/https://example.org/dead-report"], hrefs
    assert "Archived copy:" in entry.get_text()


def _check_after_a_fault(folder) -> str:
    """A copy of the project with an unknown citation key: what its ``make check`` tests
    print (pytest's exit status, its output)."""
    project = project_copy(folder)
    page = project / "docs" / "debates.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[@nosuchkey2104]\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser and not slow",
         "tests/test_glossary.py"],
        cwd=project, capture_output=True, text=True,
        env={**toolkit.build_env(), "PYTHONPATH": str(project / "src")},  # the copy's own toolkit (its ROOT)
    )


#: Run from the session's start, in the background (conftest ``Early``).
EARLY = {"test_check_stops_once_with_the_builds_own_message": _check_after_a_fault}


def test_check_stops_once_with_the_builds_own_message(early_result):
    """After a fault, ``make check`` (whose tests read one strict build) says what the build
    says, once, and stops: not a traceback of the same message for every test."""
    proc = early_result
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert out.count("docs/debates.md:") == 1 and "unknown citation key '@nosuchkey2104'" in out, out
    assert "so no test ran" in out and len(out.splitlines()) < 15, out
