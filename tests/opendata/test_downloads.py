"""Bulk downloads, the open data pages and the DCAT catalogue."""

import csv
import dataclasses
import io
import json

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from participation.datasets import dataset
from participation.datasets import datasets as registered_datasets
from participation.opendata import catalog, reading, views
from tests.factories import AnnouncementFactory, OfficeFactory
from tests.opendata.conftest import SECRETS

pytestmark = pytest.mark.django_db
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


def body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_opens_in_a_spreadsheet_with_thai_intact(client, records):
    response = client.get("/data/announcements.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="announcements.csv"' in response["Content-Disposition"]
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {row["subject"] for row in rows} == {"ข่าวที่เผยแพร่", "ข่าวที่ถอน"}
    news = next(row for row in rows if row["subject"] == "ข่าวที่เผยแพร่")
    assert (news["kind"], news["kind_th"], news["kind_en"]) == ("news", "ข่าวประชาสัมพันธ์", "News")
    assert news["channels"] == "website"
    assert news["attachments"] == "" and news["withdrawn_at"] == ""


@pytest.mark.parametrize(
    "key",
    ["announcements", "meetings", "feedback-answers", "plans", "summaries", "hearings", "surveys", "working-groups"],
)
@pytest.mark.parametrize("extension", ["csv", "jsonl"])
def test_downloads_hold_only_public_records(client, records, key, extension):
    text = body(client.get(f"/data/{key}.{extension}")).decode("utf-8-sig")
    assert not [secret for secret in SECRETS if secret in text]
    office_text = body(client.get(f"/data/singburi/{key}.{extension}")).decode("utf-8-sig")
    assert not [secret for secret in SECRETS if secret in office_text]


def test_jsonl_is_one_record_a_line(client, records):
    lines = body(client.get("/data/meetings.jsonl")).decode().splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["สัมมนาเปิด"]


def test_an_office_share(client, records, chainat):
    AnnouncementFactory(office=chainat, published=True, subject="ข่าวชัยนาท")
    text = body(client.get("/data/chainat/announcements.csv")).decode("utf-8-sig")
    assert "ข่าวชัยนาท" in text and "ข่าวที่เผยแพร่" not in text


def test_downloads_read_a_chunk_at_a_time(client, singburi, monkeypatch):
    """However many rows, a download holds one chunk: 7 rows in chunks of 3 are three reads."""
    monkeypatch.setattr(reading, "CHUNK", 3)
    AnnouncementFactory.create_batch(7, office=singburi, published=True)
    announcements, reads = dataset("announcements"), []

    def read(**kwargs):
        found = announcements.read(**kwargs)
        reads.append(len(found))
        return found

    monkeypatch.setattr(views, "dataset", lambda key: dataclasses.replace(announcements, read=read))
    text = body(client.get("/data/announcements.csv")).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 8  # the header and seven rows
    assert reads == [3, 3, 1]


def test_data_pages_list_every_dataset_with_its_fields(client, records):
    assert "Announcements and news" in client.get("/en/data/").content.decode()
    page = client.get("/data/").content.decode()
    for key in ["offices", "announcements", "meetings", "feedback-statistics", "summaries"]:
        assert f'href="/data/{key}.csv"' in page
    assert "creativecommons.org/licenses/by/4.0" in page and "withdrawal_reason" in page
    assert 'href="/data/singburi/"' in page and "closedoffice" not in page
    office = client.get("/data/singburi/").content.decode()
    assert 'href="/data/singburi/meetings.jsonl"' in office and "/data/singburi/offices.csv" not in office
    # Every dataset with its fields documented, about 6.5 kB each: the page grows with the datasets,
    # never with the records (compressed, it stays far within the page budget: tests/test_page_weight.py).
    assert len(page.encode()) < 8_000 * len(registered_datasets())


def test_catalogue_is_dcat_json_ld(client, records):
    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content, format="json-ld", base="http://testserver/")
    catalogue = URIRef("http://testserver/data/catalog.jsonld")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    national = URIRef("http://testserver/data/announcements")
    assert (catalogue, DCAT.dataset, national) in graph
    assert (national, RDF.type, DCAT.Dataset) in graph
    titles = {(title.language, str(title)) for title in graph.objects(national, DCTERMS.title)}
    assert ("en", "Announcements and news") in titles and any(language == "th" for language, _ in titles)
    downloads = {
        str(url) for d in graph.objects(national, DCAT.distribution) for url in graph.objects(d, DCAT.downloadURL)
    }
    assert downloads == {"http://testserver/data/announcements.csv", "http://testserver/data/announcements.jsonl"}
    office = URIRef("http://testserver/data/singburi/meetings")
    assert (office, DCTERMS.isPartOf, URIRef("http://testserver/data/meetings")) in graph
    assert (URIRef("http://testserver/data/closedoffice/meetings"), RDF.type, DCAT.Dataset) not in graph


def test_catalogue_pages_offices(client, singburi, monkeypatch):
    monkeypatch.setattr(catalog, "OFFICES_PER_PAGE", 2)
    OfficeFactory.create_batch(3)
    first = client.get("/data/catalog.jsonld").json()
    assert first["hydra:view"]["hydra:nextPage"].endswith("?page=2")
    second = client.get("/data/catalog.jsonld?page=2").json()
    assert "hydra:nextPage" not in second["hydra:view"]
    assert all("isPartOf" in json.dumps(item) for item in second["dcat:dataset"])
    assert client.get("/data/catalog.jsonld?page=9").status_code == 404
    assert client.get("/data/catalog.jsonld?page=x").status_code == 400
