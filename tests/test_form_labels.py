"""Every form's fields have labels of their own in every language: two fields that read alike
(Publisher and Place both as "Nơi phát hành") leave an editor guessing which is which."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("lang", ["en", "km", "vi"])
@pytest.mark.parametrize("page", ["/ledger", "/history", "/upload"])
def test_no_two_fields_of_a_form_read_alike(client, page, lang):
    client.post("/unlock", data={"token": "test-editor-token"})
    html = client.get(f"{page}?lang={lang}").get_data(as_text=True)
    for form in re.findall(r"<form\b.*?</form>", html, re.S):
        labels = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<label\b[^>]*>(.*?)</label>", form, re.S)]
        # A label's own words, without what it says about being optional.
        words = [re.sub(r"\s*\(.*?\)\s*$", "", " ".join(label.split())).strip() for label in labels]
        words = [w for w in words if w]
        repeated = {w for w in words if words.count(w) > 1}
        assert not repeated, (page, lang, repeated)
