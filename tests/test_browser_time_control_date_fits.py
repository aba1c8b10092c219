"""The time control's date field shows the whole date in every language, on a phone too (it was
squeezed to "12" beside the Vietnamese buttons)."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, clean, open_map, screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}

# The field's own width against the width it takes when nothing squeezes it (a copy of it, with
# its style and value, at its natural width), and the boxes of the field and of the control.
MEASURE = """() => {
    const field = document.querySelector('#bm-time-date');
    const copy = field.cloneNode();
    copy.removeAttribute('id');
    copy.value = field.value;
    copy.style.cssText = 'position:absolute;left:0;top:0;width:auto;min-width:0;max-width:none;flex:none;visibility:hidden';
    field.parentNode.appendChild(copy);
    const natural = copy.getBoundingClientRect().width;
    copy.remove();
    const box = field.getBoundingClientRect(), control = document.querySelector('.bm-time').getBoundingClientRect();
    return { width: box.width, natural: natural, inside: box.left >= control.left && box.right <= control.right,
             mapRight: BorderMap.map.getContainer().getBoundingClientRect().right, controlRight: control.right };
}"""


@pytest.mark.parametrize(("lang", "device"), [("en", PHONE), ("km", PHONE), ("vi", PHONE), ("vi", DESKTOP)])
def test_date_field_shows_the_whole_date(new_tab, live_server, lang, device):
    tab = new_tab(device)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    if not tab.is_visible("#bm-time-date"):
        tab.click(".bm-time-shown")  # folded at first on a phone
    sizes = tab.evaluate(MEASURE)
    assert sizes["natural"] >= 90, sizes  # the copy did show a whole date
    assert sizes["width"] >= sizes["natural"] - 0.5, sizes
    assert sizes["inside"] and sizes["controlRight"] <= sizes["mapRight"], sizes
    screenshot(tab, f"time-control-{lang}-{device['viewport']['width']}")
    clean(tab)


# The boxes of the date field, "Today", Play and the slider.
ROW = """() => {
    const box = (s) => { const r = document.querySelector(s).getBoundingClientRect();
                         return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
    return { date: box('#bm-time-date'), today: box('.bm-time-today'), play: box('.bm-time-play'),
             slider: box('#bm-time-slider'), control: box('.bm-time') };
}"""


def _beside(boxes: dict) -> bool:
    """"Today" on the date field's line: right of it, and its middle within the field's height."""
    date, today = boxes["date"], boxes["today"]
    middle = (today["top"] + today["bottom"]) / 2
    return today["left"] >= date["right"] and date["top"] <= middle <= date["bottom"]


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
def test_today_stays_beside_the_date_field(new_tab, live_server, lang):
    """At 250 px, "Hôm nay" went to a line of its own under the Vietnamese date field (review 24a,
    #11); it stays beside it, playing too ("Tạm dừng" is longer than "Phát"), the control no wider."""
    tab = new_tab(DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    boxes = tab.evaluate(ROW)
    assert _beside(boxes), boxes
    assert boxes["control"]["right"] - boxes["control"]["left"] == 250, boxes
    assert boxes["today"]["right"] <= boxes["control"]["right"], boxes
    tab.click(".bm-time-play")
    tab.wait_for_function("() => !!document.body.dataset.bmAt")
    playing = tab.evaluate(ROW)
    tab.click(".bm-time-play")  # pause
    assert _beside(playing), playing
    # Nothing moved when Play turned to Pause: the button kept its width and the slider its length.
    width = lambda box: box["right"] - box["left"]  # noqa: E731
    assert width(playing["play"]) == width(boxes["play"]), (boxes, playing)
    assert width(playing["slider"]) == width(boxes["slider"]), (boxes, playing)
    screenshot(tab, f"time-control-row-{lang}")
    clean(tab)


# The text of the time control's words (Play, Today, the day shown) on a phone: at the date line's
# 11.5 px a Khmer word was hard to read (review 27, #12); the legend's size beside it.
WORD_SIZES = """() => ['.bm-time-shown', '.bm-time-play', '.bm-time-today'].map((s) => {
    const node = document.querySelector(s);
    return [s, parseFloat(getComputedStyle(node).fontSize)];
}).concat([['legend', parseFloat(getComputedStyle(document.querySelector('.bm-legend')).fontSize)]])"""


@pytest.mark.parametrize("lang", ["km", "vi"])
def test_time_controls_words_are_readable_on_a_phone(new_tab, live_server, lang):
    tab = new_tab(PHONE)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    if not tab.is_visible("#bm-time-date"):
        tab.click(".bm-time-shown")
    sizes = dict(tab.evaluate(WORD_SIZES))
    legend = sizes.pop("legend")
    assert all(size >= 12 for size in sizes.values()), sizes
    assert all(size == legend for size in sizes.values()), (sizes, legend)
    clean(tab)
