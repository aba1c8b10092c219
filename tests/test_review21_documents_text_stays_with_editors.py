"""An editors' document's full text stays with the editors wherever readers look (review 21, F3):
the table downloads, the GeoPackage of everything and a revision's changes carried it to anyone."""

from __future__ import annotations

import pyogrio

from test_ledger import AUTH, REPORT, TOKEN, document_body

SENTENCE = "Deputy ministers of transport agreed to finish the study"


def test_readers_get_the_document_without_its_text(client, tmp_path):
    added = client.post("/api/documents", json=document_body(), headers=AUTH)
    assert added.status_code == 201 and SENTENCE in REPORT
    for url in ("/api/documents.json", "/api/documents.csv", "/api/documents", "/api/revisions/1"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert SENTENCE not in answer.get_data(as_text=True), url
        assert "Gates and roads: talks in Ha Noi" in answer.get_data(as_text=True), url  # the rest is there
    everything = tmp_path / "bordermap.gpkg"
    everything.write_bytes(client.get("/api/bordermap.gpkg").data)
    documents = pyogrio.read_dataframe(everything, layer="documents")
    assert "text" not in documents.columns and "paragraphs" not in documents.columns
    assert "Gates and roads: talks in Ha Noi" in set(documents["title"])
    # The editors still read it on their page.
    client.post("/unlock", data={"token": TOKEN})
    assert SENTENCE in client.get("/ledger/documents/doc-ed-1").get_data(as_text=True)
