"""Section tools in Chromium (issue 14 items 2 and 5, issue 12 item 1 and the client side of item 2).

docs/assets/js/section-tools.js and docs/assets/css/section-tools.css give every h2
and h3 a "Copy link" button (h2 also "Print this section"), a copy button in each
"Cite this section" box and on the "Link to this guide" page, and make deep links
land at the top. Checked here as a trainer uses them: on a touch phone (390 px, no
hover) and on a laptop (1280 px), by tap, click and keyboard, with the clipboard
read back and the print rendered to PDF.
"""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from playwright.sync_api import expect

from sl_guide.toolkit import (
    load_config,
    open_for_instant_navigation,
    page_requested,
    pdf_text,
    wait_for_instant_navigation,
    wait_for_landing,
)

pytestmark = pytest.mark.browser

CLIPBOARD = ["clipboard-read", "clipboard-write"]
#: The canonical address of the site (mkdocs.yml site_url): what every copy gives.
BASE = load_config().site_url
#: A stub for window.print (the test cannot press the dialog's buttons); counts calls.
STUB_PRINT = "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"


@pytest.fixture(scope="module")
def phone(browser):
    """A touch phone: 390 px, no hover, clipboard allowed. One context for the module."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, permissions=CLIPBOARD)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=CLIPBOARD)
    yield context.new_page()
    context.close()


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def wait_for_clipboard(page, text: str) -> None:
    page.wait_for_function("(text) => navigator.clipboard.readText().then(t => t === text)", arg=text)


def status_text(page) -> str:
    status = page.locator("#copy-link-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    status.wait_for(state="visible")
    page.wait_for_function("getComputedStyle(document.getElementById('copy-link-status')).opacity === '1'")
    return " ".join(status.inner_text().split())


# --- Copy link: visible on a touch screen, with a visible confirmation ---------------


@pytest.mark.parametrize("url", ["six-dimensions/", "why-now/", "examples/wigan/"])
def test_copy_link_is_visible_on_a_touch_screen(phone, server, url):
    """Every h2 and h3 has a Copy link button that shows without hover, 24 px or more."""
    phone.goto(server + url)
    headings = phone.locator("article :is(h2, h3)[id]")
    assert headings.count() >= 2
    for index in range(headings.count()):
        heading = headings.nth(index)
        button = heading.locator("button.copy-link")
        assert button.count() == 1, heading.get_attribute("id")
        assert button.is_visible()
        style = button.evaluate("b => { const s = getComputedStyle(b); return [s.opacity, s.visibility]; }")
        assert style == ["1", "visible"], (heading.get_attribute("id"), style)
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (heading.get_attribute("id"), box)
        assert button.get_attribute("aria-label").startswith("Copy link to section: ")


def test_tap_copies_the_canonical_address_and_says_so(phone, server):
    phone.goto(server + "examples/wigan/")
    phone.locator("h2#what-it-illustrates button.copy-link").tap()
    address = BASE + "examples/wigan/#what-it-illustrates"
    wait_for_clipboard(phone, address)
    assert status_text(phone) == f"Link copied: {address}"
    # The button shows a check mark too (shape, not only colour).
    assert phone.locator("h2#what-it-illustrates button.copy-link svg").nth(1).is_visible()


def test_copied_addresses_are_the_link_pages_addresses(laptop, server, site):
    """The address a heading copies is the one "Link to this guide" lists for it."""
    listed = {code.get_text() for code in site.article("link-to-this-guide/index.html").select("code")}
    laptop.goto(server + "toronto-skills/")
    for heading_id in ("sharing-power", "reflective-learning"):
        laptop.locator(f"h2#{heading_id} button.copy-link").click()
        wait_for_clipboard(laptop, BASE + f"toronto-skills/#{heading_id}")
        assert clipboard(laptop) in listed


def test_copy_link_works_after_instant_navigation(laptop, server):
    """Material's instant navigation swaps the page without a reload: the tools follow."""
    open_for_instant_navigation(laptop, server + "six-dimensions/")
    laptop.locator(".md-footer__link--next").click()
    wait_for_instant_navigation(laptop, server + "knowledge-and-skills/")
    expect(laptop.locator("article.md-content__inner h1")).to_have_text(re.compile("knowledge", re.I))
    button = laptop.locator("article h2[id] button.copy-link").first
    heading_id = button.evaluate("b => b.closest('h2').id")
    button.click()
    wait_for_clipboard(laptop, BASE + f"knowledge-and-skills/#{heading_id}")


# --- Headings: tools on the line of the last word -----------------------------------


def test_tools_sit_on_the_last_line_of_the_heading(phone, server):
    """The named headings that used to leave their icons on a line of their own."""
    phone.goto(server + "what-is-systems-leadership/")
    for heading_id in ("the-nature", "the-aims", "the-sacrifice"):
        heading = phone.locator(f"[id='{heading_id}']")
        tools = heading.locator(".section-tools").bounding_box()
        last_word = heading.locator(".section-tools__glue").evaluate(
            "g => { const r = document.createRange(); r.selectNodeContents(g.firstChild);"
            " const b = [...r.getClientRects()].pop(); return {top: b.top, bottom: b.bottom}; }")
        page_y = phone.evaluate("scrollY")
        centre = tools["y"] - page_y + tools["height"] / 2
        assert last_word["top"] <= centre <= last_word["bottom"], heading_id


# --- Print this section --------------------------------------------------------------


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_print_this_section_prints_the_section_its_references_and_a_footer(laptop, server):
    laptop.goto(server + "debates/")
    laptop.evaluate(STUB_PRINT)
    button = laptop.locator("h2#debate-2-national-context button.print-section")
    assert button.get_attribute("aria-label").startswith("Print this section: Debate 2")
    # Keyboard: focus the button, press Enter.
    button.focus()
    laptop.keyboard.press("Enter")
    assert laptop.evaluate("window.__printed") == 1
    assert laptop.evaluate("document.documentElement.dataset.printSection") == "debate-2-national-context"
    laptop.emulate_media(media="print")
    try:
        assert visible(laptop, "h2#debate-2-national-context")
        assert not visible(laptop, "h2#debate-1-evidence")
        assert not visible(laptop, "h2#debate-3-heroes")
        assert not visible(laptop, "article h1")
        assert not visible(laptop, ".md-header")
        # The references the section cites, and only those.
        assert visible(laptop, "h2#references")
        cited = laptop.evaluate(
            "[...new Set([...document.querySelectorAll('h2#debate-2-national-context ~ *')]"
            ".slice(0, [...document.querySelectorAll('h2#debate-2-national-context ~ *')]"
            ".findIndex(e => e.tagName === 'H2'))"
            ".flatMap(e => [...e.querySelectorAll('a.citation')].map(a => a.hash.slice(1))))]")
        assert sorted(cited) == ["ref-erens2017", "ref-hcact2022", "ref-miller2016", "ref-vize2017"]
        entries = laptop.locator(".csl-entry")
        shown = [entries.nth(i).get_attribute("id") for i in range(entries.count()) if entries.nth(i).is_visible()]
        assert sorted(shown) == sorted(cited)
        # The footer: the section's address and the source; the page's own footer line is not printed.
        footer = laptop.locator(".section-print-footer")
        assert footer.is_visible()
        text = " ".join(footer.inner_text().split())
        assert BASE + "debates/#debate-2-national-context" in text
        assert load_config().extra["guide"]["attribution"] in text
        assert not visible(laptop, ".print-footer")
        # What Chromium really prints.
        printed = " ".join(pdf_text(laptop.pdf(format="A4")).split())
        assert "A consistent message from studies and commentators" in printed
        # The section's reference, under its heading, nothing cut off at the margin.
        assert "national context? Cite this section Miller, R. (2020) ‘Debate 2:" in printed
        assert "Evaluations of local programmes" not in printed  # Debate 1
        assert "Many reports regarding systems leadership" not in printed  # Debate 3
        assert "Vize, R. (2017)" in printed and "Care Quality Commission (2018)" not in printed
    finally:
        laptop.emulate_media(media="screen")
    # After printing, the page prints whole again.
    laptop.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert laptop.evaluate("document.documentElement.dataset.printSection") is None
    assert laptop.locator(".section-print-footer").count() == 0


def print_section(page, url: str, heading: str) -> bytes:
    """Open ``url``, press "Print this section" of ``h2#heading`` and print what the
    browser would (print media, A4): the PDF's bytes. The page prints whole again after."""
    page.goto(url)
    page.evaluate(STUB_PRINT)
    page.locator(f"h2#{heading} button.print-section").click()
    page.emulate_media(media="print")
    try:
        return page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")


def test_a_printed_part_keeps_the_source_of_the_whole(laptop, server):
    """One Toronto skill printed as a handout carries the source the briefing gives once
    for all six (after the last): the closing citation and its reference."""
    lines = pdf_text(print_section(laptop, server + "toronto-skills/", "systems-thinking"))
    printed = " ".join(lines.split())
    # The footer's address is on one line, to be typed in again from the paper.
    footer = lines[lines.index("Printed from"):].splitlines()[:2]
    assert any(BASE + "toronto-skills/#systems-thinking" in line for line in footer), footer
    assert "Analysing situations and problems by focusing on the linkages" in printed
    assert "Thinking about and analysing the work" not in printed  # Reflective learning, the last skill
    assert "Enabling colleagues to think" not in printed  # Sharing power
    assert "(Evans et al., 2016) References Evans, J.M." in printed, printed


def test_a_printed_section_lists_the_works_it_names_with_a_link_to_the_bibliography(laptop, server):
    """Table 1 names the Health & Social Care Act 2012 in the briefing's words, linked to
    its entry in the Bibliography: the page's References and a printed section list it."""
    laptop.goto(server + "why-now/")
    laptop.evaluate(STUB_PRINT)
    laptop.locator("h2#governance-arrangements button.print-section").click()
    laptop.emulate_media(media="print")
    try:
        entries = laptop.locator(".csl-entry")
        shown = {entries.nth(i).get_attribute("id") for i in range(entries.count()) if entries.nth(i).is_visible()}
    finally:
        laptop.emulate_media(media="screen")
        laptop.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert "ref-hsca2012" in shown and "ref-careact2014" not in shown, shown


@pytest.mark.parametrize("section", ["glossary/#acronyms", "why-now/#variation"])
def test_printed_sections_break_pages_where_a_reader_expects(laptop, server, section):
    """On paper (pdftotext, page by page): no page ends with a glossary term whose
    definition is on the next, and no sheet holds the footer alone (each section here
    ran to a second sheet before the print rules kept them together)."""
    path, heading = section.split("#")
    text = pdf_text(print_section(laptop, server + path, heading), layout=True)
    terms = {" ".join(t.split()) for t in laptop.locator(f"h2#{heading} ~ dl > dt").all_inner_texts()}
    sheets = [[" ".join(line.split()) for line in sheet.splitlines() if line.strip()] for sheet in text.split("\f")]
    sheets = [sheet for sheet in sheets if sheet]
    assert len(sheets) >= 2, "the section no longer runs over a page: choose a longer one"
    for number, sheet in enumerate(sheets[:-1], start=1):
        assert sheet[-1] not in terms, f"page {number} ends with the term {sheet[-1]!r}"
    assert not sheets[-1][0].startswith("Section “"), f"the last page holds only the footer: {sheets[-1]}"

def test_print_this_section_by_tap_on_a_phone(phone, server):
    phone.goto(server + "six-dimensions/")
    phone.evaluate(STUB_PRINT)
    phone.locator("h2#ways-of-relating button.print-section").tap()
    assert phone.evaluate("window.__printed") == 1
    phone.emulate_media(media="print")
    try:
        assert visible(phone, "h2#ways-of-relating")
        assert not visible(phone, "h2#ways-of-thinking") and not visible(phone, "h2#ways-of-doing")
        assert visible(phone, ".section-print-footer")
    finally:
        phone.emulate_media(media="screen")
        phone.evaluate("window.dispatchEvent(new Event('afterprint'))")


def test_browser_print_menu_prints_the_whole_page(laptop, server):
    """A print not started by the button (the browser's menu) is the whole page."""
    laptop.goto(server + "six-dimensions/")
    laptop.evaluate(STUB_PRINT)
    laptop.locator("h2#ways-of-doing button.print-section").click()
    laptop.evaluate("window.dispatchEvent(new Event('afterprint')); window.dispatchEvent(new Event('beforeprint'))")
    laptop.emulate_media(media="print")
    try:
        assert visible(laptop, "h2#ways-of-feeling") and visible(laptop, "h2#ways-of-doing")
        assert visible(laptop, ".print-footer")
    finally:
        laptop.emulate_media(media="screen")


# --- Cite this section ------------------------------------------------------------

#: The markup the citations plugin writes after each h2 (issue 12 item 2), used when
#: the built page does not have it yet.
CITE_FIXTURE = (
    '<details class="cite-section" data-search-exclude><summary>Cite this section</summary>'
    '<p class="cite-section__text">Miller, R. (2020) ‘Ways of relating’, in <em>Systems leadership – enhancing '
    "the role of social care</em>. Dartington: Research in Practice. Available at: "
    f"{BASE}six-dimensions/#ways-of-relating (Accessed: "
    '<span class="cite-section__accessed">date you accessed it</span>).</p></details>'
)


def with_cite_section(route):
    response = route.fetch()
    html = response.text()
    if 'class="cite-section"' not in html:
        end = html.index("</h2>", html.index('id="ways-of-relating"')) + len("</h2>")
        html = html[:end] + CITE_FIXTURE + html[end:]
    route.fulfill(response=response, body=html)


def test_cite_this_section_copies_the_reference_with_todays_date(laptop, server):
    laptop.route("**/six-dimensions/", with_cite_section)
    try:
        laptop.goto(server + "six-dimensions/")
        details = laptop.locator("h2#ways-of-relating ~ details.cite-section").first
        details.locator("summary").click()
        today = datetime.date.today()
        accessed = f"{today.day} {today:%B %Y}"  # Cite Them Right: "Accessed: 27 November 2026"
        # The date is written on the box's toggle event, which fires just after the click.
        expect(details.locator(".cite-section__accessed")).to_have_text(accessed, timeout=5000)
        button = details.locator("button.cite-section__copy")
        assert button.is_visible() and button.inner_text().strip() == "Copy reference"
        button.click()
        expected = " ".join(details.locator(".cite-section__text").inner_text().split())
        wait_for_clipboard(laptop, expected)
        assert expected.startswith("Miller, R. (2020)")
        assert expected.endswith(f"Available at: {BASE}six-dimensions/#ways-of-relating (Accessed: {accessed}).")
        assert status_text(laptop).startswith("Reference copied:")
    finally:
        laptop.unroute("**/six-dimensions/")


def test_accessed_date_is_written_when_seen_not_at_load(laptop, server):
    """The date goes in when a box opens or the page prints: at load the script does not
    build a date formatter (the first one loads locale data: a long task on a phone)."""
    laptop.route("**/six-dimensions/", with_cite_section)
    try:
        laptop.goto(server + "six-dimensions/")
        laptop.wait_for_selector("details.cite-section .cite-section__copy", state="attached")
        accessed = laptop.locator(".cite-section__accessed")
        assert accessed.count() >= 1
        assert set(accessed.all_text_contents()) == {"date you accessed it"}
        laptop.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        today = datetime.date.today()
        assert set(accessed.all_text_contents()) == {f"{today.day} {today:%B %Y}"}
    finally:
        laptop.unroute("**/six-dimensions/")


# --- Trainers' addresses ----------------------------------------------------------


def test_address_bar_never_shows_references_after_scrolling(laptop, server):
    """Without navigation.tracking, scrolling to the end leaves the address as opened."""
    assert "navigation.tracking" not in load_config().theme["features"]
    for url in ("examples/wigan/", "key-points/"):
        laptop.goto(server + url)
        laptop.keyboard.press("End")
        laptop.wait_for_function("scrollY + innerHeight >= document.documentElement.scrollHeight - 2")
        laptop.mouse.wheel(0, 400)
        # Let Material's scroll handlers run (they debounce), then read the address.
        laptop.wait_for_timeout(400)
        assert laptop.evaluate("location.href") == server + url


@pytest.mark.parametrize("url, heading_id", [
    ("six-dimensions/", "ways-of-relating"),
    ("six-dimensions/", "ways-of-being"),
    ("debates/", "debate-4-whole-system"),
    ("examples/wigan/", "what-it-illustrates"),
    ("examples/", "further-examples"),  # a page shorter than the window
])
def test_deep_link_lands_at_the_top_and_the_sidebar_follows(laptop, server, url, heading_id):
    laptop.goto(server + url + "#" + heading_id)
    heading = laptop.locator(f"[id='{heading_id}']")
    wait_for_landing(laptop, heading_id)
    assert heading.bounding_box()["y"] >= laptop.locator(".md-header").bounding_box()["height"]
    # The contents sidebar (Material's toc.follow) highlights the heading, and only it.
    toc = ".md-sidebar--secondary [data-md-component='toc'] .md-nav__link--active"
    laptop.wait_for_function(
        "([toc, id]) => { const a = document.querySelectorAll(toc);"
        " return a.length === 1 && a[0].hash === '#' + id; }", arg=[toc, heading_id])


def test_an_address_changed_in_the_page_lands_at_the_top_and_back_keeps_the_place(laptop, server):
    """A deep link reached without a load (the address edited in the same tab) lands
    like one opened afresh, the last section of the page too (section-tools.js, on
    ``hashchange``); Back and Forward return to where the reader was.

    The first change comes with what Material does when the address changes within
    100 ms of a scroll or of the load: it writes the last position into the new entry
    before ``hashchange``. That new entry still lands (it failed 3 times in 60 when the
    script read ``history.state`` at ``hashchange``)."""
    page = laptop
    page.goto(server + "six-dimensions/")
    saved = "() => history.state && history.state.y === scrollY && scrollY > 0"  # Material saved the place
    page.evaluate("() => { location.hash = '#ways-of-being'; history.replaceState({x: 0, y: 0}, ''); }")
    wait_for_landing(page, "ways-of-being")
    page.wait_for_function(saved)
    page.evaluate("() => { location.hash = '#ways-of-relating'; }")
    wait_for_landing(page, "ways-of-relating")
    landed = page.evaluate("scrollY")
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"() => scrollY < {landed} && ({saved})()")  # the wheel has scrolled, and it is saved
    read = page.evaluate("scrollY")
    page.go_back()
    page.wait_for_url("**/six-dimensions/#ways-of-being")
    wait_for_landing(page, "ways-of-being")  # the last section, where it was: at the top
    page.go_forward()
    page.wait_for_url("**/six-dimensions/#ways-of-relating")
    page.wait_for_function("(y) => Math.abs(scrollY - y) < 2", arg=read)  # not landed again


def test_deep_link_lands_at_the_top_on_a_phone(phone, server):
    phone.goto(server + "six-dimensions/#ways-of-relating")
    wait_for_landing(phone, "ways-of-relating")


# --- "Link to this guide" -----------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_link_page_addresses_are_unbroken_with_copy_buttons(pages, server, site, width):
    page = pages(viewport={"width": width, "height": 900}, permissions=CLIPBOARD, is_mobile=width < 600, has_touch=width < 600)
    page.goto(server + "link-to-this-guide/")
    page.wait_for_selector("article[data-section-tools]", state="attached")  # the copy buttons come in slices
    items = page.locator("article li:has(code.deep-link__address)")
    count = items.count()
    assert count == len(site.article("link-to-this-guide/index.html").select("code.deep-link__address"))
    report = page.evaluate("""() => [...document.querySelectorAll('article li:has(code.deep-link__address)')].map(li => {
        const code = li.querySelector('code.deep-link__address');
        const button = li.querySelector('button.deep-link__copy');
        return {
          address: code.textContent,
          broken: [...code.querySelectorAll('.deep-link__segment')].filter(s => s.getClientRects().length > 1).length,
          lines: new Set([...code.querySelectorAll('.deep-link__segment')].map(s => Math.round(s.getBoundingClientRect().top))).size,
          overflow: code.scrollWidth > code.clientWidth + 1,
          too_wide: [...code.querySelectorAll('.deep-link__segment')].reduce((w, s) => w + s.getBoundingClientRect().width, 0)
                    > li.clientWidth - 12,
          button: button && button.getBoundingClientRect().width >= 24 && button.getBoundingClientRect().height >= 24,
        };
    })""")
    addresses = [r["address"] for r in report]
    assert len(set(addresses)) == len(addresses) == count
    assert all(address.startswith(BASE) for address in addresses)
    assert [r["address"] for r in report if r["broken"]] == []
    assert [r["address"] for r in report if r["overflow"]] == []
    assert all(r["button"] for r in report)
    # An address is on one line unless it is wider than its column (then it breaks after a slash).
    assert [r["address"] for r in report if r["lines"] > 1 and not r["too_wide"]] == []
    if width == 1280:
        assert sum(r["lines"] == 1 for r in report) >= 0.9 * count
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The button copies the address exactly.
    target = items.filter(has=page.locator("a[href$='#ways-of-relating']"))
    button = target.locator("button.deep-link__copy")
    assert button.get_attribute("aria-label") == "Copy address: Ways of relating"
    if width < 600:
        button.tap()
    else:
        button.click()
    wait_for_clipboard(page, BASE + "six-dimensions/#ways-of-relating")


# --- Citations: a way back -----------------------------------------------------------


#: The colours of a screenshot's pixels in one column, decoded by the browser's own PNG decoder.
PIXEL_COLUMN = """async ([src, x]) => {
  const image = new Image();
  image.src = src;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(x, 0, 1, image.height).data;
  const column = [];
  for (let i = 0; i < data.length; i += 4) column.push([data[i], data[i + 1], data[i + 2]]);
  return column;
}"""


def test_link_page_lists_out_of_view_still_land_show_focus_and_print_whole(laptop, server, site):
    """The link page's address lists are laid out only when near the view (CSS
    content-visibility, for the page's speed). A reader must not notice: a deep link
    into a later section lands at the top, a focused link's outline is painted whole
    (not cut by the list's paint containment), and the printed page holds every address."""
    laptop.goto(server + "link-to-this-guide/#links-debates")
    wait_for_landing(laptop, "links-debates")
    assert laptop.evaluate("getComputedStyle(document.querySelector('article ul')).contentVisibility") == "auto"
    # Tab to an entry's link (keyboard focus draws the outline), then read the pixels of its left edge.
    laptop.goto(server + "link-to-this-guide/")
    laptop.locator("article li a[href$='six-dimensions/']").first.scroll_into_view_if_needed()
    for _ in range(120):
        laptop.keyboard.press("Tab")
        if laptop.evaluate("!!document.activeElement.closest('article li') && "
                           "(document.activeElement.getAttribute('href') || '').endsWith('six-dimensions/')"):
            break
    else:
        raise AssertionError("Tab never reached the Six dimensions entry of the link list")
    box = laptop.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                          " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()")
    style = laptop.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineColor, parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset)]; })()")
    colour = [int(float(c)) for c in style[0][style[0].index("(") + 1:-1].split(",")[:3]]
    margin = 8
    shot = laptop.screenshot(clip={"x": box["x"] - margin, "y": box["y"] - margin,
                                   "width": margin + 4, "height": box["height"] + 2 * margin})
    src = "data:image/png;base64," + base64.b64encode(shot).decode()
    # The outline's left side: a column of outline-coloured pixels left of the link's box.
    outline_columns = [
        x for x in range(margin)
        if sum(all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=True))
               for pixel in laptop.evaluate(PIXEL_COLUMN, [src, x])) >= box["height"] * 0.8
    ]
    assert style[1] > 0 and outline_columns, f"the focus outline ({style}) is cut on the left of the entry"
    # Printed: every address of the page is in the PDF, those of lists never scrolled to as well.
    laptop.goto(server + "link-to-this-guide/")
    printed = "".join(pdf_text(laptop.pdf(format="A4")).split())
    addresses = [code.get_text(strip=True) for code in
                 site.article("link-to-this-guide/index.html").select("code.deep-link__address")]
    assert len(addresses) > 50
    assert [address for address in addresses if address not in printed] == []


def test_following_a_citation_highlights_the_entry_and_offers_a_way_back(phone, server):
    phone.goto(server + "examples/wigan/")
    citation = phone.locator("a.citation[href$='#ref-naylor2019']").first
    citation.scroll_into_view_if_needed()
    before = phone.evaluate("scrollY")
    citation.tap()
    phone.wait_for_url("**#ref-naylor2019")
    # The entry is outlined once the browser has moved to it.
    phone.wait_for_function("() => { const e = document.querySelector(':target');"
                            " return e && e.id === 'ref-naylor2019' && getComputedStyle(e).outlineStyle === 'solid'; }")
    back = phone.locator("#ref-naylor2019 a.ref-back")
    back.wait_for()
    assert back.is_visible() and back.inner_text().strip().endswith("Back to text")
    back.tap()
    phone.wait_for_url(server + "examples/wigan/")
    phone.wait_for_function("document.activeElement && document.activeElement.classList.contains('citation')")
    assert abs(phone.evaluate("scrollY") - before) < 100
    assert citation.evaluate("c => { const r = c.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


def test_a_citation_followed_by_keyboard_takes_the_focus_to_its_entry(laptop, server):
    """A screen reader reads the entry the reader went to, and the next Tab is its
    "Back to text", which brings the focus back to the citation."""
    laptop.goto(server + "examples/wigan/")
    laptop.locator("a.citation[href$='#ref-naylor2019']").first.focus()
    laptop.keyboard.press("Enter")
    laptop.wait_for_url("**#ref-naylor2019")
    laptop.wait_for_function("document.activeElement && document.activeElement.id === 'ref-naylor2019'")
    for _ in range(3):  # past the entry's own link (its address), if it has one
        laptop.keyboard.press("Tab")
        if laptop.evaluate("document.activeElement.classList.contains('ref-back')"):
            break
    assert laptop.evaluate("document.activeElement.closest('#ref-naylor2019') !== null")
    assert laptop.evaluate("document.activeElement.classList.contains('ref-back')")
    laptop.keyboard.press("Enter")
    laptop.wait_for_function("document.activeElement && document.activeElement.classList.contains('citation')")


def test_in_page_links_keep_the_page(laptop, server):
    """A citation, a heading's link or a contents entry moves within the page: the page
    is not fetched again, and Back returns within it. Material 9.8's instant navigation
    fetched and redrew the page for the first in-page link after a full load
    (zensical/ui#154), which lost the reader's focus (docs/assets/js/in-page-links.js). Checked on a
    full load and after an instant navigation to another page."""
    page = laptop
    open_for_instant_navigation(page, server + "examples/wigan/")
    citation = page.locator("article a.citation").first
    entry = citation.evaluate("a => a.hash")
    citation.click()
    page.wait_for_url(f"**/examples/wigan/{entry}")
    assert not page_requested(page)
    page.go_back()
    page.wait_for_url(server + "examples/wigan/")
    assert not page_requested(page)
    # Material's instant navigation to the next page: fetched by script, no full load
    # (the watch set up above is still there).
    page.locator(".md-footer__link--next").click()
    wait_for_instant_navigation(page, server + "debates/")
    expect(page.locator("article.md-content__inner h1")).to_have_text(re.compile("debates", re.I))
    page.locator(".md-sidebar--secondary a.md-nav__link").nth(1).click()
    page.wait_for_url("**/debates/#*")
    assert not page_requested(page)


def test_a_link_to_the_page_itself_goes_to_its_top(laptop, server):
    """Its own entry in the navigation, followed from further down, takes the reader to
    the top of the page: in-page-links.js leaves links without "#" to Material."""
    open_for_instant_navigation(laptop, server + "six-dimensions/")
    laptop.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    # Material keeps the position in the history entry (100 ms after scrolling): a click before
    # that would find it written onto the new entry, and stay (no reader clicks so fast).
    laptop.wait_for_function("() => history.state && history.state.y > 500")
    laptop.locator(".md-sidebar--primary a.md-nav__link--active:not([href*='#'])").click()
    laptop.wait_for_function("() => scrollY === 0")


def test_citations_look_unlike_links_to_pages(laptop, server):
    """A citation has its own style (tinted, dotted underline); links to pages do not."""
    laptop.goto(server + "examples/wigan/")
    styles = laptop.evaluate("""() => [document.querySelector('a.citation'),
        document.querySelector('article .admonition a[href*="six-dimensions"]')].map(a => {
          const s = getComputedStyle(a);
          return [s.textDecorationStyle, s.backgroundColor];
        })""")
    citation, link = styles
    assert citation != link
    assert citation[0] == "dotted" and link[0] == "solid"
    assert link[1] == "rgba(0, 0, 0, 0)" and citation[1] != "rgba(0, 0, 0, 0)"


# --- Without JavaScript ------------------------------------------------------------


def test_without_javascript_nothing_is_added(nojs_page, server):
    nojs_page.goto(server + "six-dimensions/")
    assert nojs_page.locator(".section-tools, .deep-link__copy, .ref-back").count() == 0
    assert nojs_page.locator("h2#ways-of-relating a.headerlink").count() == 1
    nojs_page.emulate_media(media="print")
    assert nojs_page.locator("h2#ways-of-feeling").is_visible() and nojs_page.locator("h2#ways-of-being").is_visible()
