"""The editors' forms in a browser: the history form offers only the statuses that fit its
subject, and every form offers again the name an editor gave last."""

from __future__ import annotations

import pytest

from conftest import screenshot, submit_history_event

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_the_history_form_offers_only_the_subjects_statuses(live_server, new_tab, lang):
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history?lang={lang}")
    tab.select_option("#subject", "commitment:c-pr71-27")
    offered = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.value)")
    assert "in-progress" in offered and "inaugurated" not in offered and "open" not in offered
    labels = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.textContent)")
    assert len(labels) == len(set(labels)), labels  # no two read alike
    tab.select_option("#subject", "feature:xw-hcmc-moc-bai")
    offered = tab.eval_on_selector_all("#status option:not([disabled])", "os => os.map(o => o.value)")
    assert "under-construction" in offered and "pledged" not in offered


def test_the_ledger_offers_the_name_given_last(live_server, new_tab):
    tab = new_tab()
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history?lang=vi")
    tab.fill("#author", "Trần Thị Mai")
    tab.evaluate("() => document.getElementById('author').form.dispatchEvent(new Event('submit'))")
    tab.goto(f"{live_server.url}/ledger?lang=vi")
    assert tab.input_value("#doc-author") == "Trần Thị Mai"


def test_the_retract_confirmation_reads_on_a_phone(live_server, new_tab, client):
    """Review 7, S10: on a phone the label column ("Đối tượng hoặc cam kết") took two thirds of the
    width and the values wrapped a word or two a line; the title broke inside "ev-1"."""
    from conftest import PHONE
    from test_ledger import AUTH

    event = {"entity": "feature", "entity_id": "xw-hcmc-moc-bai", "date": "2026-01-15", "status": "under-construction",
             "confidence": "medium", "note": "Main works began on the section near the border.",
             "source_title": "Main works start on the expressway section", "source_publisher": "A paper",
             "source_date": "2026-01-16"}
    assert client.post("/api/history/events", json=event, headers=AUTH).status_code == 201
    tab = new_tab(PHONE)
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/history/events/ev-1/retract?lang=vi")
    widths = tab.evaluate("""() => {
        const facts = document.querySelector('#retracted-event');
        return [facts.getBoundingClientRect().width,
                ...[...facts.querySelectorAll('dd')].map(dd => dd.getBoundingClientRect().width)];
    }""")
    whole, values = widths[0], widths[1:]
    assert values and min(values) >= 0.9 * whole, widths
    # "ev-1" is on one line: a range over it has one box.
    boxes = tab.evaluate("""() => {
        const text = document.querySelector('h2').firstChild, at = text.textContent.indexOf('ev-1');
        const range = document.createRange();
        range.setStart(text, at); range.setEnd(text, at + 4);
        return range.getClientRects().length;
    }""")
    assert boxes == 1
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_refused_form_marks_the_inputs_its_problems_are_about(page, live_server):
    """Review 8, S1: the history form's refusal named its fields only in the box above; none of
    the inputs was marked, and a reader had to find each."""
    tab = page
    submit_history_event(tab, live_server.url, "vi", "31/12/2025", "2026-01-99")
    tab.wait_for_selector("[role=alert]")
    tab.wait_for_load_state("domcontentloaded")  # the refused page's script marks the inputs
    marked = tab.eval_on_selector_all('#event-form [aria-invalid="true"]', "inputs => inputs.map(i => i.name)")
    assert sorted(marked) == ["date", "source_date"], marked
    assert tab.evaluate("getComputedStyle(document.querySelector('#date')).borderTopColor") == "rgb(178, 24, 43)"
    tab.fill("#date", "2025-12-31")  # corrected: no longer marked
    assert tab.get_attribute("#date", "aria-invalid") is None


def _described(tab, selector: str) -> list[str]:
    """The texts an input's aria-describedby names, in order (what a screen reader says after "invalid")."""
    return tab.evaluate("""(selector) => (document.querySelector(selector).getAttribute('aria-describedby') || '')
        .split(' ').filter(Boolean).map(id => document.getElementById(id).textContent.trim())""", selector)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_marked_input_is_described_by_the_problem_it_has(new_tab, live_server, client, lang):
    """Review 10, N7: a refused form's inputs were marked aria-invalid, so that a screen reader said
    "invalid", but not linked to the problem: the reader had to find it in the box above. Each
    marked input is described by its problem's words; a corrected one by them no longer."""
    from conftest import DESKTOP
    from test_editor_refusals import PLACE_SENTENCE
    from test_ledger import AUTH, document_body

    assert client.post("/api/documents", json=document_body(), headers=AUTH).status_code == 201
    tab = new_tab(DESKTOP)
    tab.goto(f"{live_server.url}/upload?token=test-editor-token")
    tab.goto(f"{live_server.url}/ledger/commitments/new?document=doc-ed-1&paragraph=1&lang={lang}")
    tab.fill("#c-summary", "Third-country travellers may use the Meun Chey gate by June.")
    for field, value in (("#c-sector", "border-affairs"), ("#c-statement", "agreed"), ("#c-status", "pledged")):
        tab.select_option(field, value)
    tab.fill("#c-stated", "2026/1/1")
    tab.fill("#c-more", "cp-nope-1")
    tab.locator("form.bm-form button[value=save]").click()
    tab.wait_for_selector("[role=alert] .bm-problems")
    tab.wait_for_load_state("domcontentloaded")  # the refused page's script marks the inputs
    stated = {"en": 'Stated on: expected a date YYYY-MM-DD, got "2026/1/1"',
              "vi": 'Ngày tuyên bố: cần ngày dạng YYYY-MM-DD, nhưng là "2026/1/1"'}[lang]
    assert tab.get_attribute("#c-stated", "aria-invalid") == "true"
    assert _described(tab, "#c-stated") == [stated]
    place = _described(tab, "#c-more")  # the sentence beside the field, and the box's
    assert len(place) == 2 and place[1] == PLACE_SENTENCE[lang] and "cp-nope-1" in place[0], place
    assert _described(tab, "#c-summary") == [] and tab.get_attribute("#c-summary", "aria-invalid") is None
    screenshot(tab, f"commitment-problems-described-{lang}")
    tab.fill("#c-stated", "2026-01-01")  # corrected: neither marked nor described by the problem
    assert tab.get_attribute("#c-stated", "aria-invalid") is None and _described(tab, "#c-stated") == []


@pytest.mark.parametrize("lang, said", [("en", "Added status event ev-1 as revision 1. · "),
                                        ("km", "ការកែប្រែ ១"), ("vi", "lần sửa đổi 1")])
def test_the_title_after_a_status_event_is_saved_says_its_revision(live_server, new_tab, lang, said):
    """Review rv25a, #8: the title left out every link of the outcome, and so the revision named
    inside its sentence: "Added status event ev-12 as ." The links beside the sentence stay out."""
    tab = new_tab()
    submit_history_event(tab, live_server.url, lang, "2026-01-15", "2026-01-16")
    tab.locator(".bm-notice[role=status]").first.wait_for()
    title = tab.title()
    assert (title.startswith(said) if lang == "en" else said in title.split(" · ")[0]), title
    assert " as ." not in title and " ជា។" not in title, title


def test_a_refused_forms_problems_follow_the_form_and_take_the_reader_to_each_field(live_server, new_tab):
    """Review 33b, #12: the commitment form's list of problems ran Summary, Sector … while the form
    begins with the document, and an item was plain text."""
    tab = new_tab()
    tab.goto(f"{live_server.url}/ledger/commitments/new?lang=en")
    tab.fill("#unlock-token", "test-editor-token")
    tab.press("#unlock-token", "Enter")
    tab.wait_for_selector("#c-summary")
    tab.locator("#c-summary").evaluate("input => input.form.querySelector('button[value=save]').click()")
    tab.wait_for_selector("[role=alert] ul.bm-problems li")
    tab.wait_for_load_state("domcontentloaded")
    order = tab.evaluate("""() => [...document.querySelectorAll('[role=alert] ul.bm-problems li[data-for]')].map(li => {
        const field = document.querySelector('form.bm-form [name="' + li.dataset.for + '"]:not([type=hidden])');
        return [...document.querySelectorAll('form.bm-form input, form.bm-form select, form.bm-form textarea')].indexOf(field);
    })""")
    assert len(order) > 2 and order == sorted(order), order
    first = tab.locator("[role=alert] ul.bm-problems li[data-for] a").first
    target = first.get_attribute("href")[1:]
    first.click()
    assert tab.evaluate("document.activeElement.id") == target
    # The locked page's 401 and the refusal's 422 are the browser's notes; nothing else went wrong.
    assert [e for e in tab.console_errors if not e.startswith("Failed to load resource")] == []
