"""Interactive self-assessment (issue 4): fill, reload, export, print, clear; blank without JS."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

ELEMENTS = [
    "sa-understanding-the-local-system",
    "sa-behaviours-in-my-organisation",
    "sa-lived-experience-leadership",
    "sa-beyond-my-organisation",
    "sa-technology-and-social-media",
]


def test_without_javascript_the_page_is_the_blank_printable_form(nojs_page, server):
    page = nojs_page
    page.goto(server + "self-assessment/")
    rows = page.locator("#self-assessment-table tbody tr")
    assert rows.count() == 5
    assert page.locator("#self-assessment-table input, #self-assessment-table textarea").count() == 0
    assert [rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(5)] == ["1 2 3 4 5"] * 5
    assert [rows.nth(i).locator("td").nth(2).inner_text().strip() for i in range(5)] == [""] * 5


def test_form_is_labelled_and_keyboard_operable(page, server):
    page.goto(server + "self-assessment/")
    groups = page.get_by_role("group", name="Self-assessment, 1 (not at all) to 5 (fully)")
    assert groups.count() == 5
    first = groups.first
    assert first.get_by_role("radio").count() == 5
    assert page.get_by_role("textbox", name="Actions I will take: Understanding the responsibilities").count() == 1
    for name in ("Export as Markdown", "Export as CSV", "Print", "Clear answers"):
        assert page.get_by_role("button", name=name).count() == 1
    # Keyboard only: focus the first radio of the second group, arrows choose, Tab leaves.
    page.locator(f"#{ELEMENTS[1]}-rating-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"{ELEMENTS[1]}-actions"
    page.keyboard.type("Meet the housing lead")
    page.reload()
    assert page.locator(f"#{ELEMENTS[1]}-rating-3").is_checked()
    assert page.locator(f"#{ELEMENTS[1]}-actions").input_value() == "Meet the housing lead"


def test_fill_reload_export_print_and_clear(page, server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + "self-assessment/")
    page.locator(f"label[for='{ELEMENTS[0]}-rating-4']").click()
    page.locator(f"#{ELEMENTS[0]}-actions").fill('Map the local system, "who decides what" | next month')
    page.locator(f"label[for='{ELEMENTS[4]}-rating-2']").click()
    page.locator(f"#{ELEMENTS[4]}-actions").fill("Try a Twitter chat\nwith carers")

    page.reload()
    assert page.locator(f"#{ELEMENTS[0]}-rating-4").is_checked()
    assert page.locator(f"#{ELEMENTS[4]}-rating-2").is_checked()
    assert page.locator(f"#{ELEMENTS[0]}-actions").input_value().startswith("Map the local system")
    assert page.locator(f"#{ELEMENTS[4]}-actions").input_value() == "Try a Twitter chat\nwith carers"

    with page.expect_download() as info:
        page.get_by_role("button", name="Export as Markdown").click()
    download = info.value
    assert download.suggested_filename == "self-assessment.md"
    markdown = open(download.path(), encoding="utf-8").read()
    assert markdown.startswith("# Self-assessment for leaders in social care in relation to systems leadership")
    assert "| Understanding the responsibilities, priorities and pressures of colleagues and people in the local " \
           "system(s) in which I work. | 4 | Map the local system, \"who decides what\" \\| next month |" in markdown
    assert "| 2 | Try a Twitter chat with carers |" in markdown

    with page.expect_download() as info:
        page.get_by_role("button", name="Export as CSV").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert rows[0] == ["Systems leadership elements", "Self-assessment (1: not at all 5: fully)", "Actions I will take..."]
    assert len(rows) == 6
    assert rows[1][1:] == ["4", 'Map the local system, "who decides what" | next month']
    assert rows[5][1:] == ["2", "Try a Twitter chat\nwith carers"]
    assert rows[2][1:] == ["", ""]

    # Printed: a clean filled-in sheet, one A4 page, the answers as text, no buttons.
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Export as CSV").is_visible()
    assert page.locator(f"#{ELEMENTS[0]}-actions + .sa-print-value").is_visible()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", tagged=True)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Map the local system" in text and "Try a Twitter chat with carers" in text
    assert "Export as" not in text and "Clear answers" not in text
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Clear answers").click()
    assert page.get_by_role("status").inner_text() == "Answers cleared."
    assert not page.locator("#self-assessment-table input:checked").count()
    page.reload()
    assert not page.locator("#self-assessment-table input:checked").count()
    assert all(page.locator(f"#{e}-actions").input_value() == "" for e in ELEMENTS)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('self-assessment'))") == []
    # Nothing was sent anywhere: every request went to the local site.
    assert requests and all(url.startswith(server) or url.startswith("blob:") for url in requests), requests


def test_form_is_set_up_again_on_each_instant_navigation_view(page, server):
    """Material's instant navigation swaps the content in and emits document$;
    the script must enhance the new content (not only on DOMContentLoaded)."""
    page.goto(server + "self-assessment/")
    assert page.locator("#self-assessment-table fieldset").count() == 5
    page.evaluate("""async () => {
        const html = await (await fetch(location.href)).text();
        const fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelector(".md-content").replaceWith(fresh.querySelector(".md-content"));
        document$.next(document);
    }""")
    assert page.locator("#self-assessment-table fieldset").count() == 5
    assert page.get_by_role("button", name="Export as CSV").count() == 1
