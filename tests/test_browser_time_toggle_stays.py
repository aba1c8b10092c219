"""Review 26, #1: on a phone the time control opened upwards from its bottom corner, so its date
(the button that folds it) moved up from under the finger, and a second tap to fold it landed on
"Today", which had taken its place: the map went back to today and the control stayed open. The
button now stays at the control's foot, open or folded, on a phone and on a desktop."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE, open_map

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_fold_button_stays_under_the_finger_and_a_second_tap_keeps_the_date(new_tab, live_server, device, lang):
    tab = new_tab(PHONE if device == "phone" else DESKTOP)
    open_map(tab, f"{live_server.url}/?lang={lang}")
    button = tab.locator(".bm-time-shown")
    press = button.tap if device == "phone" else button.click
    if device == "desktop":  # open at first on a desktop: folded first, to open as a phone's reader does
        press()
    assert tab.evaluate("() => document.getElementById('bm-time-body').hidden")
    folded = button.bounding_box()
    press()
    opened = button.bounding_box()
    assert abs(opened["y"] + opened["height"] - folded["y"] - folded["height"]) < 1, (folded, opened)
    tab.fill("#bm-time-date", "2014-06-01")
    tab.dispatch_event("#bm-time-date", "change")
    tab.wait_for_function("() => document.body.getAttribute('data-bm-at') === '2014-06-01'")
    # The same spot, tapped again: what is there is the fold button, which folds the control.
    spot = (folded["x"] + 20, folded["y"] + folded["height"] / 2)
    assert tab.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.bm-time-shown') !== null", spot)
    if device == "phone":
        tab.touchscreen.tap(*spot)
    else:
        tab.mouse.click(*spot)
    assert tab.evaluate("() => document.getElementById('bm-time-body').hidden")
    assert tab.evaluate("() => document.body.getAttribute('data-bm-at')") == "2014-06-01"
