"""Deep links trainers can trust (issue 5, items 1–3 and 9).

* every unit a trainer links to has an explicit, stable id in the built HTML;
* every heading of every page sets its id explicitly (no auto-slug);
* the anchor manifest ``anchors.txt`` resolves in the built site, and lists every
  public id of the site: a test fails when an id disappears or a new one is not listed;
* moved pages keep their old address through mkdocs-redirects;
* the "Link to this guide" page is generated from the manifest;
* a one-click "copy link" button on headings, in a real browser.
"""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.exceptions import PluginError

from sl_guide import toolkit
from sl_guide.hooks import anchors as anchors_hook
from sl_guide.toolkit import ROOT, build, load_config, open_ready, project_copy

DOCS = ROOT / "docs"
MANIFEST = ROOT / "anchors.txt"

#: The units the issue names, as page -> ids (the page's own title id first).
REQUIRED = {
    "six-dimensions.md": ["six-dimensions", "ways-of-feeling", "ways-of-perceiving", "ways-of-thinking",
                          "ways-of-relating", "ways-of-doing", "ways-of-being"],
    "knowledge-and-skills.md": ["knowledge-and-skills", "technical-know-how", "improvement-know-how",
                                "personal-effectiveness"],
    "toronto-skills.md": ["toronto-skills", "framing-and-reframing-issues", "taking-the-perspective-of-others",
                          "focusing-on-people-and-carers", "systems-thinking", "sharing-power",
                          "reflective-learning"],
    "leadership-approaches.md": ["leadership-approaches", "table-3", "adaptive-leadership",
                                 "integrative-leadership", "collective-leadership", "lateral-leadership"],
    "debates.md": ["debates", "debate-1-evidence", "debate-2-national-context", "debate-3-heroes",
                   "debate-4-whole-system"],
    "examples/index.md": ["examples"],
    "examples/thurrock.md": ["thurrock"],
    "examples/wigan.md": ["wigan-deal"],
    "why-now.md": ["why-now", "table-1", "table-2"],
    "conclusion.md": ["conclusion", "enabler-whole-system", "enabler-local-innovation",
                      "enabler-vision-and-purpose", "enabler-lived-experience"],
    "self-assessment.md": ["self-assessment", "self-assessment-table", "sa-understanding-the-local-system",
                           "sa-behaviours-in-my-organisation", "sa-lived-experience-leadership",
                           "sa-beyond-my-organisation", "sa-technology-and-social-media"],
}

#: Ids that hooks and plugins generate (not written in a page): not public deep links.
GENERATED = re.compile(
    r"^(references|ref-[\w:-]+"  # citations hook: References section and its entries
    r"|links-[\w-]+"  # anchors hook: the topic sections of link-to-this-guide.md
    r"|concept-map-title"  # concept_map hook: the SVG's <title>
    r"|tag:[\w-]+"  # Material tags plugin: the sections of the tags index
    r"|__[\w-]+|fn:.*|fnref.*)$"
)

#: Pages generated or excluded from the manifest's "every page" rule.
NOT_CONTENT = {"404.html"}


#: Built file of a source page, and its inverse (MkDocs' own File objects).
page_rel = toolkit.dest_of
src_of = toolkit.src_of


@pytest.fixture(scope="module")
def manifest():
    return anchors_hook.read_manifest(MANIFEST)


def article_ids(site, rel: str) -> list[str]:
    article = site.article(rel)
    assert article is not None, rel
    return [element["id"] for element in article.find_all(id=True)]


def test_required_ids_present(site):
    for src, ids in REQUIRED.items():
        present = set(article_ids(site, page_rel(src)))
        missing = [i for i in ids if i not in present]
        assert not missing, f"{src}: missing ids {missing}"


def test_required_units_are_the_right_elements(site):
    """The ids sit on the unit itself: headings, table rows' first cells, captions, list items."""
    soup = site.article(page_rel("leadership-approaches.md"))
    assert soup.find(id="table-3").name == "figure"
    assert soup.find(id="table-3").figcaption.get_text(strip=True).startswith("Table 3")
    assert soup.find(id="adaptive-leadership").get_text(strip=True) == "Adaptive leadership"
    assert soup.find(id="adaptive-leadership").find_parent("th", scope="row") is not None  # a row header
    conclusion = site.article(page_rel("conclusion.md"))
    assert conclusion.find(id="enabler-whole-system").find_parent("li") is not None
    for src in ("six-dimensions.md", "toronto-skills.md", "debates.md"):
        for element_id in REQUIRED[src][1:]:
            assert site.article(page_rel(src)).find(id=element_id).name == "h2", (src, element_id)


FENCE = re.compile(r"^(`{3,}|~{3,})")
HEADING = re.compile(r"^#{1,6}\s")
EXPLICIT_ID = re.compile(r"\{\s*[^}]*#[A-Za-z][\w-]*[^}]*\}\s*$")


def test_every_heading_sets_its_id_explicitly():
    """Rewording a heading must not change its address: every Markdown heading has {#id}."""
    missing = []
    for path in sorted(DOCS.rglob("*.md")):
        fenced = False
        lines = path.read_text(encoding="utf-8").splitlines()
        # YAML front matter (its comments start with "#") is not Markdown.
        front = lines.index("---", 1) + 1 if lines and lines[0] == "---" and "---" in lines[1:] else 0
        for number, line in enumerate(lines, start=1):
            if number <= front:
                continue
            if FENCE.match(line.strip()):
                fenced = not fenced
            if not fenced and HEADING.match(line) and not EXPLICIT_ID.search(line):
                missing.append(f"{path.relative_to(ROOT)}:{number}: {line}")
    assert not missing, "headings without an explicit id:\n" + "\n".join(missing)


def test_headings_show_a_permalink(site):
    for path in site.pages():
        article = site.article(site.rel(path))
        for heading in article.select("h2[id], h3[id], h4[id]"):
            link = heading.select_one("a.headerlink")
            assert link is not None and link["href"] == f"#{heading['id']}", (site.rel(path), heading["id"])


# --- Manifest --------------------------------------------------------------------


def test_manifest_entries_resolve(site, manifest):
    assert len(manifest) > 100
    for entry in manifest:
        rel = page_rel(entry.page)
        assert (site.root / rel).is_file(), f"anchors.txt:{entry.line}: {entry.key}: no page {rel}"
        if entry.id:
            assert entry.id in article_ids(site, rel), f"anchors.txt:{entry.line}: {entry.key}: id not in {rel}"


def test_manifest_is_complete(site, manifest):
    """Every page and every public id of the built site is in the manifest."""
    listed = {entry.key for entry in manifest}
    unlisted = []
    for path in site.pages():
        rel = site.rel(path)
        src = src_of(rel)
        if src not in listed:
            unlisted.append(src)
        ids = article_ids(site, rel)
        title = site.article(rel).find("h1")
        for element_id in ids:
            if GENERATED.match(element_id) or (title is not None and title.get("id") == element_id):
                continue
            if f"{src}#{element_id}" not in listed:
                unlisted.append(f"{src}#{element_id}")
    assert not unlisted, "not in anchors.txt (add them, under a [Topic]):\n" + "\n".join(unlisted)


def test_manifest_lists_every_required_unit(manifest):
    listed = {entry.key for entry in manifest}
    for src, ids in REQUIRED.items():
        assert src in listed, src
        for element_id in ids[1:]:
            assert f"{src}#{element_id}" in listed, (src, element_id)


@pytest.mark.parametrize(
    "text, message",
    [
        ("[Pages]\nindex.md\nindex.md\n", "anchors.txt:3: duplicate entry 'index.md'"),
        ("index.md\n", "anchors.txt:1: entry 'index.md' comes before any [Topic]"),
        ("[Pages]\nindex.html#x\n", "anchors.txt:2: not a 'page.md' or 'page.md#id' entry"),
    ],
)
def test_manifest_bad_input_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "anchors.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(message)):
        anchors_hook.read_manifest(path)


def _build_without_a_listed_id(folder):
    project = project_copy(folder / "project")
    page = project / "docs" / "six-dimensions.md"
    page.write_text(page.read_text(encoding="utf-8").replace("{#ways-of-being}", "{#ways-of-existing}"),
                    encoding="utf-8")
    return build(folder / "out", cwd=project)


#: Built from the session's start, in the background (conftest ``Early``).
EARLY = {"test_build_fails_when_a_listed_id_disappears": _build_without_a_listed_id}


@pytest.mark.slow
def test_build_fails_when_a_listed_id_disappears(early_result):
    """A manifest entry whose id is gone stops the strict build with the entry named."""
    proc = early_result
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "six-dimensions.md#ways-of-being" in log, log[-3000:]


# --- Redirects -------------------------------------------------------------------

REDIRECTS = {"toronto/index.html": "../toronto-skills/", "dimensions/index.html": "../six-dimensions/"}


@pytest.mark.parametrize("old, target", REDIRECTS.items())
def test_old_address_redirects(site, old, target):
    path = site.root / old
    assert path.is_file(), f"no redirect page {old}"
    soup = site.soup(old)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"].endswith(f"url={target}")
    assert soup.find("link", rel="canonical")["href"] == target
    resolved = (path.parent / target / "index.html").resolve()
    assert resolved.is_file() and resolved.relative_to(site.root.resolve())


@pytest.mark.browser
def test_old_address_keeps_the_fragment(page, server):
    page.goto(server + "toronto/#sharing-power")
    page.wait_for_url("**/toronto-skills/#sharing-power")
    assert page.locator("h2#sharing-power").is_visible()


# --- "Link to this guide" --------------------------------------------------------


def test_link_page_is_generated_from_the_manifest(site, manifest):
    article = site.article("link-to-this-guide/index.html")
    text = article.get_text()
    assert "XDEEPLINKX" not in text
    items = article.select("h2 ~ ul > li")
    listed = [entry for entry in manifest if entry.listed]
    assert len(items) == len(listed)
    base = load_config().site_url
    topics = list(dict.fromkeys(entry.topic for entry in listed))
    assert [h2.get_text(strip=True).rstrip("¶") for h2 in article.select("h2[id^=links-]")] == topics
    for item, entry in zip(items, listed, strict=True):
        link = item.find("a")
        label = link.get_text(strip=True)
        assert label and label != entry.key, entry.key
        href = link["href"]
        resolved = (site.root / "link-to-this-guide" / href.partition("#")[0] / "index.html").resolve()
        assert resolved == (site.root / page_rel(entry.page)).resolve(), (entry.key, href)
        assert href.partition("#")[2] == (entry.id or ""), (entry.key, href)
        address = item.find("code").get_text()
        assert address.startswith(base) and address.endswith(f"#{entry.id}" if entry.id else "/"), address
        # the heading of the topic this entry is listed under
        assert item.find_parent("ul").find_previous_sibling("h2").get_text(strip=True).rstrip("¶") == entry.topic


def test_link_page_lists_no_structure_and_no_label_twice(site, manifest):
    """No "In this section" (a "(not listed)" entry), no two entries with one label, no
    address twice; a shared label is told apart by its page's title."""
    article = site.article("link-to-this-guide/index.html")
    labels = [a.get_text(" ", strip=True) for a in article.select("h2 ~ ul > li > a")]
    addresses = [code.get_text() for code in article.select("h2 ~ ul > li code.deep-link__address")]
    assert "In this section" not in labels
    assert [e.key for e in manifest if not e.listed] == ["involves.md#in-this-section"]
    assert len(set(labels)) == len(labels), sorted(label for label in labels if labels.count(label) > 1)
    assert len(set(addresses)) == len(addresses) == len(labels)
    assert "Wigan Deal – What this example illustrates" in labels
    assert "Local Area Coordination in Thurrock – What this example illustrates" in labels


def test_link_page_addresses_break_only_at_slashes(site):
    """Each address is one <code>, its segments unbreakable spans joined by <wbr>."""
    article = site.article("link-to-this-guide/index.html")
    for code in article.select("code.deep-link__address"):
        segments = [span.get_text() for span in code.select("span.deep-link__segment")]
        assert "".join(segments) == code.get_text(), code
        assert all(s.endswith("/") or s.startswith("#") for s in segments[:-1]), segments
        assert len(code.find_all("wbr")) == len(segments) - 1


@pytest.mark.parametrize("line, key, listed", [
    ("involves.md#in-this-section (not listed)", "involves.md#in-this-section", False),
    ("involves.md#in-this-section", "involves.md#in-this-section", True),
])
def test_manifest_not_listed_entries(tmp_path, line, key, listed):
    path = tmp_path / "anchors.txt"
    path.write_text(f"[Topic]\n{line}\n", encoding="utf-8")
    [anchor] = anchors_hook.read_manifest(path)
    assert (anchor.key, anchor.listed) == (key, listed)


def test_link_page_without_its_shortcode_is_an_error():
    from types import SimpleNamespace

    page = SimpleNamespace(file=SimpleNamespace(src_uri=anchors_hook.LINK_PAGE))
    config = SimpleNamespace(docs_dir=str(DOCS))
    message = "anchors: docs/link-to-this-guide.md: the shortcode <!-- md:deep-links --> is missing"
    with pytest.raises(PluginError, match=re.escape(message)):
        anchors_hook.on_page_markdown("# Link to this guide\n\n<!-- deep-links -->\n", page, config, None)


def test_link_page_labels_are_the_pages_words(site):
    article = site.article("link-to-this-guide/index.html")
    labels = {a["href"]: a.get_text(strip=True) for a in article.select("li > a")}
    assert labels["../six-dimensions/#ways-of-feeling"] == "Ways of feeling"
    assert labels["../leadership-approaches/#table-3"] == "Table 3: Leadership approaches which underpin systems leadership"
    assert labels["../conclusion/#enabler-whole-system"].startswith("The willingness and ability of senior leaders")
    assert labels["../examples/wigan/"] == "Wigan Deal"


# --- Copy link -------------------------------------------------------------------


def test_copy_link_script_is_on_every_content_page(site):
    """overrides/main.html names the script (loaded once by its loader, also after
    instant navigation) on every page with sections, the home and tags pages aside, and
    the self-assessment (its only heading is References; its own script lands deep links)."""
    for path in site.pages():
        rel = site.rel(path)
        soup = site.soup(rel)
        listed = soup.select_one("head > script#guide-scripts[type='application/json']")
        named = json.loads(listed.string) if listed else []
        wanted = bool(site.article(rel).find("h2")) and rel not in ("index.html", "tags/index.html", "self-assessment/index.html")
        assert ("assets/js/section-tools.js" in named) == wanted, rel
        # Named, not fetched: nothing in <head> asks for a script of the guide.
        assert not soup.select("head link[href*='assets/js/'], head script[src*='assets/js/']"), rel


@pytest.mark.browser
def test_copy_link_button_copies_the_address(pages, server):
    page = pages(permissions=["clipboard-read", "clipboard-write"])
    open_ready(page, server + "six-dimensions/")
    buttons = page.locator("h2#ways-of-feeling button.copy-link")
    assert buttons.count() == 1
    button = buttons.first
    assert button.get_attribute("aria-label") == "Copy link to section: Ways of feeling"
    button.click()
    # The canonical address (site_url), the one the "Link to this guide" page lists.
    base = load_config().site_url
    page.wait_for_function(
        "(url) => navigator.clipboard.readText().then(t => t === url)", arg=base + "six-dimensions/#ways-of-feeling"
    )
    page.wait_for_function("document.getElementById('copy-link-status').textContent.includes('copied')")
    # Keyboard: reach a button with Tab, press Enter.
    target = page.locator("h2#ways-of-being button.copy-link")
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-copy-link')") == "ways-of-being"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(url) => navigator.clipboard.readText().then(t => t === url)", arg=base + "six-dimensions/#ways-of-being"
    )


@pytest.mark.browser
def test_headings_keep_the_permalink_without_javascript(nojs_page, server):
    nojs_page.goto(server + "toronto-skills/")
    assert nojs_page.locator("button.copy-link").count() == 0
    assert nojs_page.locator("h2#sharing-power a.headerlink").get_attribute("href") == "#sharing-power"
