"""The self-assessment in the hand (issue 14, item 1) and on paper (issue 12, item 7).

Driven in Debian's Chromium against the built site: the stacked form at
390 px (touch) and 1280 px (mouse and keyboard), the text boxes that grow,
Clear with its confirmation and Undo, the restored notice, the downloads (CSV
with a byte-order mark, a text record that keeps line breaks), the blank
worksheet without JavaScript and both printed sheets (one A4 page, boxes to
tick, ruled lines, no status line).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from sl_guide.toolkit import (
    SETTLED,
    load_config,
    open_for_instant_navigation,
    pdf_text,
    wait_for_instant_navigation,
    wait_for_landing,
)

pytestmark = pytest.mark.browser

URL = "self-assessment/"
ELEMENTS = [
    "sa-understanding-the-local-system",
    "sa-behaviours-in-my-organisation",
    "sa-lived-experience-leadership",
    "sa-beyond-my-organisation",
    "sa-technology-and-social-media",
]
#: The briefing's column headers (tests/data/systems-leadership-briefing.txt).
HEADERS = ["Systems leadership elements", "Self-assessment (1: not at all 5: fully)", "Actions I will take..."]
STORAGE_KEY = "systems-leadership:self-assessment:v1"
TIMEZONE = "Europe/London"
MM = 96 / 25.4  # CSS px per millimetre

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
SMALL_PHONE = {**PHONE, "viewport": {"width": 320, "height": 568}}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SETUPS = {"phone": PHONE, "small-phone": SMALL_PHONE, "laptop": LAPTOP}


#: Every context of this module: British dates in London time, downloads kept.
CONTEXT = {"timezone_id": TIMEZONE, "locale": "en-GB", "accept_downloads": True}


@pytest.fixture(params=list(SETUPS))
def form_page(request, pages, server):
    """The form at 390 px (and 320 px) on a touch screen, or at 1280 px with mouse and keyboard."""
    page = pages(**CONTEXT, **SETUPS[request.param])
    page.goto(server + URL)
    page.wait_for_selector(".sa-form fieldset")
    return page


@pytest.fixture
def laptop(pages, server):
    page = pages(**CONTEXT, **LAPTOP)
    page.goto(server + URL)
    page.wait_for_selector(".sa-form fieldset")
    return page


def choose(page, element: str, rating: str) -> None:
    page.locator(f"label[for='{element}-rating-{rating}']").click()


def box(page, selector: str) -> dict:
    result = page.locator(selector).bounding_box()
    assert result, f"{selector} is not rendered"
    return result


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth, window.scrollX]")
    assert widths[0] <= widths[1] and widths[2] == 0, f"page scrolls sideways: {widths}"


# --- Without JavaScript: the blank worksheet -------------------------------------------


def test_without_javascript_the_page_is_the_blank_worksheet_with_a_line_on_printing(nojs_page, server):
    page = nojs_page
    page.goto(server + URL)
    rows = page.locator("#self-assessment-table tbody tr")
    assert rows.count() == 5
    assert page.locator("#self-assessment-table input, #self-assessment-table textarea").count() == 0
    assert [rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(5)] == ["1 2 3 4 5"] * 5
    assert [rows.nth(i).locator("td").nth(2).inner_text().strip() for i in range(5)] == [""] * 5
    # One line says what the page is and how to get the printable worksheet,
    # inside the editorial note; its link leads to a page of this site.
    line = page.locator(".admonition noscript p")
    assert line.is_visible()
    text = " ".join(line.inner_text().split())
    assert text.startswith("This page is the blank worksheet: print it from your browser")
    link = line.locator("a")
    assert link.inner_text() == "Workshop materials"
    assert page.request.get(link.evaluate("a => a.href")).ok
    # The "Name:" and "Date:" lines are for paper only.
    assert not page.locator(".sa-sheet-fields").is_visible()


def test_instructions_above_the_form_use_the_briefings_words_and_are_marked_editorial(laptop):
    note = laptop.locator("article .admonition").first
    assert note.locator(".admonition-title").inner_text().startswith("Editorial note")
    assert [b.inner_text() for b in note.locator("strong").all()] == HEADERS
    figure = box(laptop, "#self-assessment-table")
    assert box(laptop, "article .admonition")["y"] < figure["y"]
    # Where the answers are kept, said before the form too.
    intro = laptop.locator(".sa-intro .sa-note")
    assert "saved in this browser only" in intro.inner_text() and box(laptop, ".sa-intro")["y"] < figure["y"]


# --- Layout: stacked cards at both widths ----------------------------------------------


def test_each_element_stacks_statement_scale_and_a_full_width_box(form_page):
    page = form_page
    no_sideways_scroll(page)
    for element in ELEMENTS:
        row = page.locator(f"tr:has(#{element})")
        statement = box(page, f"#{element}")
        fieldset = row.locator("fieldset").bounding_box()
        textarea = box(page, f"#{element}-actions")
        card = row.bounding_box()
        assert statement["y"] + statement["height"] <= fieldset["y"], f"{element}: scale not below the statement"
        assert fieldset["y"] + fieldset["height"] <= textarea["y"], f"{element}: box not below the scale"
        # The action box takes the card's full width (less its padding).
        assert textarea["width"] >= card["width"] - 2 * 20, f"{element}: action box not full width"
        # The five choices stand on one line, each a target of at least 24 x 24 px.
        choices = [row.locator(f"label[for='{element}-rating-{n}']").bounding_box() for n in "12345"]
        assert len({round(c["y"]) for c in choices}) == 1, f"{element}: the 1-5 scale wraps"
        assert all(c["width"] >= 24 and c["height"] >= 24 for c in choices), choices
        assert choices[-1]["x"] + choices[-1]["width"] <= card["x"] + card["width"]


def test_action_box_shows_three_lines_then_grows_with_its_text(form_page):
    page = form_page
    textarea = page.locator(f"#{ELEMENTS[0]}-actions")
    empty = textarea.bounding_box()["height"]
    textarea.fill("First line\nSecond line\nThird line")
    metrics = textarea.evaluate("t => [t.scrollHeight, t.clientHeight, t.scrollTop]")
    assert metrics[0] <= metrics[1] and metrics[2] == 0, f"three lines do not fit: {metrics}"
    assert textarea.bounding_box()["height"] == pytest.approx(empty, abs=1)
    textarea.fill("\n".join(f"Line {n} of a longer plan" for n in range(1, 9)))
    grown = textarea.bounding_box()["height"]
    assert grown > empty * 1.8, (empty, grown)
    metrics = textarea.evaluate("t => [t.scrollHeight, t.clientHeight]")
    assert metrics[0] <= metrics[1] + 1, f"the box scrolls instead of growing: {metrics}"
    no_sideways_scroll(page)


def test_action_box_grows_by_script_where_the_browser_lacks_field_sizing(browser, server):
    context = browser.new_context(**CONTEXT, **PHONE)  # its own: the init script stays with it
    context.add_init_script("""(() => {
        const supports = CSS.supports.bind(CSS);
        CSS.supports = (...args) => !String(args.join(" ")).includes("field-sizing") && supports(...args);
    })()""")
    page = context.new_page()
    page.goto(server + URL)
    assert page.locator("#self-assessment-table.sa-fit-by-script").count() == 1
    textarea = page.locator(f"#{ELEMENTS[2]}-actions")
    assert textarea.evaluate("t => getComputedStyle(t).fieldSizing") == "fixed"
    empty = textarea.bounding_box()["height"]
    textarea.tap()
    page.keyboard.type("One\nTwo\nThree\nFour\nFive\nSix\nSeven")
    metrics = textarea.evaluate("t => [t.scrollHeight, t.clientHeight]")
    assert textarea.bounding_box()["height"] > empty * 1.5 and metrics[0] <= metrics[1] + 1, metrics
    context.close()


@pytest.mark.parametrize("setup", ["phone", "laptop"])
def test_a_link_to_a_row_lands_on_its_statement(pages, server, setup):
    """A link to one element of the form (the conclusion links #sa-beyond-my-organisation;
    "Link to this guide" lists every row) lands on that statement, just below the
    header, once the script has built the form."""
    page = pages(**CONTEXT, **SETUPS[setup])
    page.goto(server + URL + "#" + ELEMENTS[3])
    page.wait_for_selector(".sa-form fieldset")
    wait_for_landing(page, ELEMENTS[3], slack=60)


# --- Touch ------------------------------------------------------------------------------


def test_by_touch_on_a_phone(pages, server):
    page = pages(**CONTEXT, **PHONE)
    page.goto(server + URL)
    element = ELEMENTS[3]
    page.locator(f"label[for='{element}-rating-5']").tap()
    assert page.locator(f"#{element}-rating-5").is_checked()
    # Typing a long line does not push the page sideways or hide the statement.
    page.locator(f"#{element}-actions").tap()
    page.keyboard.type("Ask the housing association and the voluntary sector forum to co-design "
                       "the neighbourhood plan https://example.org/a-very-long-address-without-any-spaces-in-it")
    no_sideways_scroll(page)
    statement = box(page, f"#{element}")
    assert statement["x"] >= 0 and statement["x"] + statement["width"] <= 390
    # While typing, moving the page up does not bring Material's "Back to top" over the
    # boxes (a tap on it would leave the form); once the box is left, it comes back.
    top = page.locator(".md-top")
    for focused in (True, False):
        if not focused:
            page.locator("article h1").tap()
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(200)
        page.mouse.wheel(0, -250)
        if focused:
            page.wait_for_timeout(600)  # Material shows it at once as the page moves up
            assert not top.is_visible(), "Back to top over the form while typing"
        else:
            expect(top).to_be_visible()
    # Name and date, by touch too.
    page.locator("#sa-name").tap()
    page.keyboard.type("Sam Carer")
    page.locator("#sa-date").fill("2026-03-02")
    page.reload()
    assert page.locator(f"#{element}-rating-5").is_checked()
    assert page.locator(f"#{element}-actions").input_value().startswith("Ask the housing association")
    assert page.locator("#sa-name").input_value() == "Sam Carer"
    assert page.locator("#sa-date").input_value() == "2026-03-02"
    # Clear by touch: a confirmation first, then Undo.
    page.get_by_role("button", name="Clear answers").tap()
    page.get_by_role("button", name="Cancel").tap()
    assert page.locator(f"#{element}-rating-5").is_checked()
    page.get_by_role("button", name="Clear answers").tap()
    page.get_by_role("button", name="Yes, clear answers").tap()
    assert not page.locator(f"#{element}-rating-5").is_checked()
    assert page.locator("#sa-name").input_value() == ""
    page.get_by_role("button", name="Undo clear").tap()
    assert page.locator(f"#{element}-rating-5").is_checked()
    assert page.locator("#sa-name").input_value() == "Sam Carer"
    no_sideways_scroll(page)


# --- Keyboard and names -------------------------------------------------------------------


def test_form_is_labelled_by_the_briefings_words_and_each_statement(laptop):
    page = laptop
    for element in ELEMENTS:
        statement = " ".join(page.locator(f"#{element}").inner_text().split())
        group = page.get_by_role("group", name=f"{HEADERS[1]} — {statement}", exact=True)
        assert group.count() == 1, element
        assert group.get_by_role("radio").count() == 5
        assert page.get_by_role("textbox", name=f"{HEADERS[2]} — {statement}", exact=True).count() == 1
    # The group's visible legend is the briefing's header.
    legend = page.locator(f"tr:has(#{ELEMENTS[0]}) legend")
    assert legend.evaluate("l => l.firstChild.textContent") == HEADERS[1]
    assert legend.locator(".guide-visually-hidden").bounding_box()["width"] <= 1
    for name in ("Download for a spreadsheet (CSV)", "Download as a text record", "Print", "Clear answers"):
        assert page.get_by_role("button", name=name, exact=True).count() == 1
    assert page.get_by_role("textbox", name="Name (optional)").count() == 1


#: Where the focused control is, and what of Material's covers it: its sticky header, and
#: the "Back to top" button that shows while the page moves up.
FOCUS_COVERED = """() => {
  const focused = document.activeElement;
  const box = (focused.closest('.sa-choice') || focused).getBoundingClientRect();
  const covers = [document.querySelector('.md-header'), document.querySelector('.md-top')]
    .filter((e) => e && getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).opacity > 0.1)
    .map((e) => e.getBoundingClientRect())
    .filter((r) => r.width && !(r.right <= box.left || r.left >= box.right || r.bottom <= box.top || r.top >= box.bottom));
  return [focused.id || focused.name || focused.textContent.trim(), covers.length];
}"""


#: Three frames of the page: what has moved has been drawn and its handlers have run.
FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))))"


def test_keyboard_focus_is_never_under_the_header_or_back_to_top(laptop):
    """Going back up the form with Shift+Tab, every control comes to rest in full view
    (the browser left some partly under the sticky header or "Back to top")."""
    laptop.get_by_role("button", name="Clear answers").focus()
    covered = []
    for _ in range(30):
        laptop.keyboard.press("Shift+Tab")
        # Material shows or hides "Back to top" as the page moves (a frame or two), then fades it.
        laptop.evaluate(FRAMES)
        laptop.wait_for_function(SETTLED)
        name, covers = laptop.evaluate(FOCUS_COVERED)
        if covers:
            covered.append(name)
    assert covered == []


def test_every_keyboard_stop_of_the_date_field_is_outlined(laptop):
    """Chromium's date field takes four Tab stops: day, month, year and its calendar
    button, which leaves the field :focus-within, not :focus-visible."""
    laptop.locator("#sa-name").focus()
    stops = []
    for _ in range(6):
        laptop.keyboard.press("Tab")
        if laptop.evaluate("document.activeElement.id") != "sa-date":
            break
        stops.append(laptop.locator("#sa-date").evaluate("e => getComputedStyle(e).outlineStyle"))
    assert len(stops) >= 3 and set(stops) == {"solid"}, stops


def test_by_keyboard_choose_type_clear_confirm_and_undo(laptop):
    page = laptop
    # Tab from the statement's heading link into the second group; arrows choose.
    page.locator(f"#{ELEMENTS[0]}-actions").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"{ELEMENTS[1]}-rating"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    # The focused choice is outlined, not only its dot.
    outline = page.locator(f"label[for='{ELEMENTS[1]}-rating-3']").evaluate("l => getComputedStyle(l).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"{ELEMENTS[1]}-actions"
    page.keyboard.type("Meet the housing lead\nthen the CCG")
    page.reload()
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    assert page.locator(f"#{ELEMENTS[1]}-actions").input_value() == "Meet the housing lead\nthen the CCG"

    # Clear asks first: Enter shows the question, focus goes to it, Escape cancels.
    clear = page.get_by_role("button", name="Clear answers")
    clear.focus()
    page.keyboard.press("Enter")
    question = page.get_by_role("group", name="Clear all your answers, your name and the date from this browser?")
    assert question.is_visible()
    assert page.evaluate("document.activeElement.id") == "sa-confirm-question"
    page.keyboard.press("Escape")
    assert not question.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Clear answers"
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    # Enter, Tab to "Yes, clear answers", Enter: cleared; focus on Undo.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Yes, clear answers"
    page.keyboard.press("Enter")
    assert page.locator(".sa-status[role=status]").inner_text() == "Answers cleared."
    assert page.locator("#self-assessment-table input:checked").count() == 0
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    assert page.evaluate("document.activeElement.textContent") == "Undo clear"
    page.keyboard.press("Enter")
    assert page.locator(".sa-status[role=status]").inner_text() == "Answers restored."
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    assert page.locator(f"#{ELEMENTS[1]}-actions").input_value() == "Meet the housing lead\nthen the CCG"
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is not None
    # Cleared for good: nothing left in the browser after a reload.
    clear.click()
    page.get_by_role("button", name="Yes, clear answers").click()
    page.reload()
    assert page.locator("#self-assessment-table input:checked").count() == 0
    assert all(page.locator(f"#{e}-actions").input_value() == "" for e in ELEMENTS)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('self-assessment'))") == []
    assert not page.locator(".sa-restored").is_visible()


# --- Restored notice --------------------------------------------------------------------


def test_restored_notice_after_a_reload_gives_the_date_it_was_saved(laptop):
    page = laptop
    assert not page.locator(".sa-restored").is_visible()  # nothing saved yet
    choose(page, ELEMENTS[2], "2")
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}'))")
    assert saved["answers"][ELEMENTS[2]]["rating"] == "2"
    when = datetime.fromisoformat(saved["updated"].replace("Z", "+00:00")).astimezone(ZoneInfo(TIMEZONE))
    page.reload()
    notice = page.locator(".sa-restored")
    assert notice.is_visible()
    assert notice.inner_text() == (f"Restored from this browser on {when.day} {when:%B %Y} at {when:%H:%M}.")
    assert box(page, ".sa-restored")["y"] < box(page, "#self-assessment-table")["y"]


# --- Selected state ---------------------------------------------------------------------


def _rgba(color: str) -> list[float]:
    values = [float(v) for v in re.findall(r"[\d.]+", color)]
    return values[:3] + [values[3] if len(values) > 3 else 1.0]


def _luminance(color: str, over: str = "rgb(255, 255, 255)") -> float:
    """WCAG relative luminance of a CSS rgb()/rgba() colour, composited over ``over``."""
    *rgb, alpha = _rgba(color)
    base = _rgba(over)[:3]
    values = [(alpha * c + (1 - alpha) * b) / 255 for c, b in zip(rgb, base, strict=True)]
    values = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]


def _contrast(a: str, b: str) -> float:
    """Contrast ratio of colour ``a`` drawn on the opaque colour ``b``."""
    la, lb = sorted((_luminance(a, over=b), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chosen_number_is_filled_with_contrast_in_light_and_dark(pages, server, scheme):
    page = pages(**CONTEXT, color_scheme=scheme, **LAPTOP)
    page.goto(server + URL)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    choose(page, ELEMENTS[0], "3")
    style = """l => { const s = getComputedStyle(l); return {bg: s.backgroundColor, fg: s.color,
        border: s.borderTopColor, width: parseFloat(s.borderTopWidth)}; }"""
    chosen = page.locator(f"label[for='{ELEMENTS[0]}-rating-3']").evaluate(style)
    other = page.locator(f"label[for='{ELEMENTS[0]}-rating-2']").evaluate(style)
    page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert chosen["bg"] != other["bg"] and chosen["width"] > other["width"]
    assert _contrast(chosen["bg"], page_bg) >= 3, (chosen, page_bg)  # the fill stands out (non-text 3:1)
    assert _contrast(chosen["fg"], chosen["bg"]) >= 4.5, chosen  # its number stays readable
    assert _contrast(other["border"], page_bg) >= 3, (other, page_bg)  # unchosen outlines are visible


# --- Downloads ----------------------------------------------------------------------------


def test_clear_on_an_empty_sheet_keeps_the_undo(laptop):
    """After a clear, pressing "Clear answers" again on the now empty sheet says there is
    nothing to clear, and "Undo clear" still brings the answers back (the empty sheet
    replaced them, and Undo announced "Answers restored." restoring nothing)."""
    page = laptop
    _fill_two(page)
    clear, status = page.get_by_role("button", name="Clear answers"), page.locator(".sa-status[role=status]")
    clear.click()
    page.get_by_role("button", name="Yes, clear answers").click()
    assert status.inner_text() == "Answers cleared."
    clear.click()
    assert status.inner_text() == "There are no answers to clear. Undo clear brings back the ones you cleared."
    assert not page.get_by_role("button", name="Yes, clear answers").is_visible()
    page.get_by_role("button", name="Undo clear").click()
    assert status.inner_text() == "Answers restored."
    assert page.locator(f"#{ELEMENTS[0]}-rating-4").is_checked() and page.locator("#sa-name").input_value() == "Ann Example"
    clear.click()
    page.get_by_role("button", name="Yes, clear answers").click()


def _fill_two(page) -> None:
    choose(page, ELEMENTS[0], "4")
    page.locator(f"#{ELEMENTS[0]}-actions").fill('Map the local system, "who decides what" | next month')
    choose(page, ELEMENTS[4], "2")
    page.locator(f"#{ELEMENTS[4]}-actions").fill("Try a Twitter chat\nwith carers’ groups")
    page.locator("#sa-name").fill("Ann Example")
    page.locator("#sa-date").fill("2026-11-27")


def _download(page, name: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def test_download_for_a_spreadsheet_is_csv_with_a_byte_order_mark(laptop):
    page = laptop
    _fill_two(page)
    name, data = _download(page, "Download for a spreadsheet (CSV)")
    assert name == "self-assessment.csv"
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1][1:] == ["4", 'Map the local system, "who decides what" | next month']
    assert rows[2][1:] == ["", ""]
    assert rows[5][1:] == ["2", "Try a Twitter chat\nwith carers’ groups"]
    assert rows[5][0].startswith("Using new forms of technology")
    assert ["Name", "Ann Example"] in rows and ["Date", "2026-11-27"] in rows
    # The attribution line is mkdocs.yml's extra.guide.attribution, handed over as guide-data.
    assert rows[-1] == [load_config()["extra"]["guide"]["attribution"]]
    assert page.locator(".sa-status[role=status]").inner_text() == "Downloaded self-assessment.csv."


def test_download_as_a_text_record_keeps_line_breaks(laptop):
    page = laptop
    _fill_two(page)
    name, data = _download(page, "Download as a text record")
    assert name == "self-assessment.txt"
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Self-assessment for leaders in social care in relation to systems leadership"
    assert "Name: Ann Example" in lines and "Date: 27 November 2026" in lines
    # Each element, its rating and its actions, line by line as typed.
    start = lines.index("5. Using new forms of technology and social media to engage others in developing "
                        "and implementing a common vision.")
    assert lines[start + 1:start + 5] == [f"   {HEADERS[1]}: 2", f"   {HEADERS[2]}",
                                          "   Try a Twitter chat", "   with carers’ groups"]
    assert f"   {HEADERS[1]}: not answered" in lines
    assert load_config()["extra"]["guide"]["attribution"] in lines


# --- Print --------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _print(page) -> bytes:
    """Print as scripts/make_pdfs.py does (A4, no background graphics)."""
    return page.pdf(format="A4", tagged=True, print_background=False, prefer_css_page_size=True)


def test_printed_filled_sheet_is_one_page_with_boxes_to_tick_and_no_status(laptop):
    page = laptop
    requests = []

    def sent(request):
        requests.append(request.url)

    page.on("request", sent)
    try:
        _fill_two(page)
        page.get_by_role("button", name="Clear answers").click()  # leaves a question and a status line open
        page.get_by_role("button", name="Cancel").click()
        _download(page, "Download for a spreadsheet (CSV)")
        assert page.locator(".sa-status[role=status]").is_visible()
        page.emulate_media(media="print")
        # No status line, no buttons, no notes on paper.
        for selector in (".sa-status", ".sa-controls", ".sa-confirm", ".sa-undo", ".sa-intro"):
            assert not page.locator(selector).first.is_visible(), selector
        # Five real boxes per element, each about 6 mm square; the chosen one filled.
        boxes = page.locator(f"tr:has(#{ELEMENTS[0]}) .sa-box")
        assert boxes.count() == 5
        for i in range(5):
            size = boxes.nth(i).bounding_box()
            assert size["width"] == pytest.approx(6 * MM, abs=1) and size["height"] == pytest.approx(6 * MM, abs=1)
        widths = [float(boxes.nth(i).evaluate("b => parseFloat(getComputedStyle(b).borderTopWidth)")) for i in range(5)]
        assert widths[3] >= 3 * MM - 1 and max(widths[:3] + widths[4:]) < 2, widths  # "4" is filled
        # The written actions print as text, with the name and date lines.
        assert page.locator(f"#{ELEMENTS[4]}-actions + .sa-print-value").is_visible()
        assert page.locator(".sa-field--name .sa-print-value").inner_text() == "Ann Example"
        assert page.locator(".sa-field--date .sa-print-value").inner_text() == "27 November 2026"
        data = _print(page)
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
        text = _pdf_text(data)
        assert "Map the local system" in text and "Try a Twitter chat with carers’ groups" in text
        assert "Name: Ann Example" in text and "Date: 27 November 2026" in text
        for screen_only in ("Download", "Clear answers", "Saved in this browser", "Downloaded", "never sent"):
            assert screen_only not in text, screen_only
        page.emulate_media(media="screen")
        # Nothing was sent anywhere: every request went to the local site.
        assert all(url.startswith((page.url.split(URL)[0], "blob:")) for url in requests), requests
    finally:
        page.remove_listener("request", sent)  # the page is shared (conftest.Pages)


@pytest.mark.parametrize("filled", [2, 5])
def test_longer_answers_run_on_to_a_second_sheet_row_by_row(laptop, filled):
    """A sheet whose answers no longer fit one A4 page runs on between rows: the first
    sheet starts the table (it is not left with the title alone), no sheet holds only
    the name and date lines or the footer, and the last sheet has the last row with them."""
    action = ("Meet the district nurses' lead each month. Map the pressures on each team and share "
              "them at the next partnership board.")
    for i, element in enumerate(ELEMENTS):
        choose(laptop, element, "3")
        laptop.locator(f"#{element}-actions").fill(f"{action} ({i + 1})" if i < filled else "")
    laptop.locator("#sa-name").fill("Ann Example")
    laptop.emulate_media(media="print")
    try:
        data = _print(laptop)
    finally:
        laptop.emulate_media(media="screen")
        laptop.get_by_role("button", name="Clear answers").click()
        laptop.get_by_role("button", name="Yes, clear answers").click()
    sheets = [" ".join(sheet.split()) for sheet in pdf_text(data).split("\f") if sheet.strip()]
    assert len(sheets) == 2, sheets
    assert "Understanding the responsibilities" in sheets[0] and "partnership board. (1)" in sheets[0]
    assert "Using new forms of technology" in sheets[1] and "Name: Ann Example" in sheets[1]
    assert sheets[1].index("Using new forms of technology") < sheets[1].index("Name: Ann Example")
    assert "Printed from" in sheets[1]


def test_blank_worksheet_prints_on_one_a4_page_with_boxes_under_the_numbers(nojs_page, server):
    page = nojs_page
    page.goto(server + URL)
    page.emulate_media(media="print")
    data = _print(page)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = _pdf_text(data)
    assert text.count("1 2 3 4 5") == 5
    for words in HEADERS + ["Self-assessment for leaders in social care in relation to systems leadership",
                            "Name:", "Date:"]:
        assert words in text, words
    assert "print it from your browser" not in text  # the no-script line is for the screen
    # Under each "1 2 3 4 5": a strip of five 6 mm boxes, each centred under its digit.
    geometry = page.evaluate("""() => [...document.querySelectorAll('#self-assessment-table tbody td:nth-child(2)')]
      .map(td => {
        const after = getComputedStyle(td, '::after');
        const cell = td.getBoundingClientRect(), style = getComputedStyle(td);
        const left = cell.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft)
                     + parseFloat(after.marginLeft);
        const range = document.createRange(), digits = [];
        for (const i of [0, 2, 4, 6, 8]) {
          range.setStart(td.firstChild, i); range.setEnd(td.firstChild, i + 1);
          const r = range.getBoundingClientRect(); digits.push(r.left + r.width / 2);
        }
        return {image: after.backgroundImage, width: parseFloat(after.width), height: parseFloat(after.height),
                left, digits};
      })""")
    assert len(geometry) == 5
    for row in geometry:
        assert row["image"].count("rect") == 5
        assert row["height"] == pytest.approx(6 * MM, abs=1) and row["width"] == pytest.approx(42 * MM, abs=2)
        centres = [row["left"] + (3 + 9 * n) * row["width"] / 42 for n in range(5)]
        assert all(abs(d - c) < 0.7 * MM for d, c in zip(row["digits"], centres, strict=True)), (row["digits"], centres)
    # Ruled lines in each "Actions I will take..." cell: borders, so they print without backgrounds.
    lines = page.evaluate("""() => [...document.querySelectorAll('#self-assessment-table tbody td:nth-child(3)')]
      .map(td => ['::before', '::after'].map(p => {
        const s = getComputedStyle(td, p);
        return parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth) > 0 && s.display === 'block';
      }))""")
    assert lines == [[True, True]] * 5


def test_instant_navigation_sets_the_form_up_again(pages, server):
    """Reached by Material's instant navigation (the page fetched by script and swapped
    in, document$ emitted), the form is set up as on a full load, and once only when
    the reader comes back to it from another page."""
    page = pages(**CONTEXT, **LAPTOP)
    open_for_instant_navigation(page, server + "conclusion/")
    for link, path in (("next", URL), ("prev", "conclusion/"), ("next", URL)):
        page.locator(f".md-footer__link--{link}").click()
        wait_for_instant_navigation(page, server + path)
    expect(page.locator("#self-assessment-table fieldset")).to_have_count(5)
    assert page.get_by_role("button", name="Download for a spreadsheet (CSV)").count() == 1
    assert page.locator("#sa-name").count() == 1


def test_the_sheet_cites_only_the_briefing_whose_source_line_it_prints(site):
    """The printed sheet leaves out its References (self-assessment.css) because the
    footer line gives the one work the page cites, the briefing: a new citation here
    would need its References back on paper."""
    article = site.article("self-assessment/index.html")
    cited = {entry["id"] for entry in article.select("h2#references ~ .csl-entry")}
    assert cited == {"ref-miller2020"}
    footer = site.soup("self-assessment/index.html").select_one(".print-footer").get_text(" ", strip=True)
    assert "Miller, R. (2020)" in footer and "Research in Practice" in footer
