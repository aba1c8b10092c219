"""Two scripts change one editors' record through the JSON API: the one that read it before the
other's change says so (`based_on`, the `revision` its read gave) and is refused, not silently
undoing the other's work; what is stored stays as the first left it."""
from __future__ import annotations

import pytest

from test_ledger import AUTH, REPORT, commitment_body, document_body


@pytest.fixture
def store(app):
    return app.extensions["bordermap.store"]


@pytest.fixture
def records(client):
    document_id = client.post("/api/documents", json=document_body(), headers=AUTH).get_json()["id"]
    commitment_id = client.post("/api/commitments", json=commitment_body(document_id), headers=AUTH).get_json()["id"]
    return document_id, commitment_id


def test_a_commitment_read_before_another_change_is_refused_and_the_change_kept(client, store, records):
    _, cid = records
    read = client.get(f"/api/commitments/{cid}").get_json()
    first = client.patch(f"/api/commitments/{cid}", json={"status": "under-study", "based_on": read["revision"]},
                         headers=AUTH)
    assert first.status_code == 200, first.get_json()
    assert client.get(f"/api/commitments/{cid}").get_json()["revision"] == first.get_json()["revision"]["id"]
    # The second script read the commitment at the same moment and changes another field.
    second = client.patch(f"/api/commitments/{cid}", json={"summary": "A summary written from an old read.",
                                                            "based_on": read["revision"]}, headers=AUTH)
    assert second.status_code == 409
    message = second.get_json()["message"]
    assert f"revision {first.get_json()['revision']['id']}" in message and cid in message
    now = client.get(f"/api/commitments/{cid}").get_json()
    assert now["status"] == "under-study" and now["summary"] == read["summary"]
    # Read again, the same change goes through.
    again = client.patch(f"/api/commitments/{cid}", json={"summary": "A summary written from a new read.",
                                                           "based_on": now["revision"]}, headers=AUTH)
    assert again.status_code == 200
    assert client.get(f"/api/commitments/{cid}").get_json()["summary"] == "A summary written from a new read."


def test_without_based_on_a_patch_still_merges_its_fields(client, records):
    _, cid = records
    client.patch(f"/api/commitments/{cid}", json={"status": "under-study"}, headers=AUTH)
    answer = client.patch(f"/api/commitments/{cid}", json={"summary": "Another field, no read named."}, headers=AUTH)
    assert answer.status_code == 200
    now = client.get(f"/api/commitments/{cid}").get_json()
    assert (now["status"], now["summary"]) == ("under-study", "Another field, no read named.")


def test_a_document_replaced_from_an_old_read_is_refused(client, store, records):
    document_id, _ = records
    read = client.get(f"/api/documents/{document_id}/paragraphs", headers=AUTH).get_json()
    assert read["revision"] == store.record_revision("document", document_id) is not None
    more = REPORT.replace("Ha Noi, 2 March 2026", "Both sides will meet again in May.\n\nHa Noi, 2 March 2026")
    first = client.put(f"/api/documents/{document_id}", json={**document_body(text=more), "based_on": read["revision"]},
                       headers=AUTH)
    assert first.status_code == 200, first.get_json()
    stale = client.put(f"/api/documents/{document_id}", json={**document_body(title="A title from an old read"),
                                                              "based_on": read["revision"]}, headers=AUTH)
    assert stale.status_code == 409
    assert f"revision {first.get_json()['revision']['id']}" in stale.get_json()["message"]
    kept = next(d for d in client.get("/api/documents").get_json() if d["id"] == document_id)
    assert kept["title"] == document_body()["title"]  # the first replacement's text, not the stale one's
    assert len(client.get(f"/api/documents/{document_id}/paragraphs", headers=AUTH).get_json()["paragraphs"]) == 4


@pytest.mark.parametrize("given", ["7", 0, -3, 2.5, True, [1]])
def test_a_based_on_that_is_no_revision_number_is_refused_by_name(client, store, records, given):
    document_id, cid = records
    before = len(store.history())
    for answer in (client.patch(f"/api/commitments/{cid}", json={"status": "under-study", "based_on": given},
                                headers=AUTH),
                   client.put(f"/api/documents/{document_id}", json={**document_body(), "based_on": given},
                              headers=AUTH)):
        assert answer.status_code == 422
        assert answer.get_json()["message"].startswith("based_on: expected the number of the revision")
    assert len(store.history()) == before


def test_a_curated_commitment_has_no_revision_until_changed(client):
    first = client.get("/api/commitments").get_json()[0]
    assert client.get(f"/api/commitments/{first['id']}").get_json()["revision"] is None


def test_the_command_line_does_not_undo_a_change_saved_while_it_ran(tmp_path, monkeypatch):
    """`bordermap documents edit` keeps the fields it read; a change saved between its read and
    its write (another editor's, on the page or the API) refuses it instead of being undone."""
    from click.testing import CliRunner

    from bordermap.ledger import actions
    from bordermap_app import create_app
    from bordermap_app.cli import main

    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    run = CliRunner().invoke
    page = tmp_path / "report.txt"
    page.write_text(REPORT, encoding="utf-8")
    assert run(main, ["documents", "add", str(page), "--title", "Talks", "--publisher", "A test news service",
                      "--date", "2026-03-02", "--language", "en", "--kind", "news-report"]).exit_code == 0
    other = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")}).extensions["bordermap.store"]
    read = actions.document_for_editor

    def read_then_another_saves(store, document_id):
        found = read(store, document_id)
        actions.edit_document(other, document_id, {**document_body(title="Renamed meanwhile"), "text": REPORT},
                              author="ana")
        return found

    monkeypatch.setattr(actions, "document_for_editor", read_then_another_saves)
    longer = tmp_path / "longer.txt"
    longer.write_text(REPORT.replace("Ha Noi, 2 March", "More talks in May.\n\nHa Noi, 2 March"), encoding="utf-8")
    refused = run(main, ["documents", "edit", "doc-ed-1", str(longer)])
    assert refused.exit_code == 1 and "was changed by revision 2 after you opened it" in refused.output
    kept = other.documents()[-1]
    assert kept["title"] == "Renamed meanwhile"
