"""Hearings, surveys and working groups as open data: what is published of each, and what never is
(drafts, comments not published, themes before the report, results before they are published,
free-text answers, internal groups and activities, unnamed members, contact details), office by office."""

import csv
import io
import json

import pytest

from participation.datasets import dataset
from tests.opendata.conftest import SECRETS, participation_records
from tests.opendata.test_api import NEVER

pytestmark = pytest.mark.django_db

KEYS = ["hearings", "surveys", "working-groups"]


def rows(client, key: str, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/{key}/?limit=500{query}")
    assert response.status_code == 200, response.content
    return response.json()["data"]


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_no_contact_details_even_nested():
    for key in KEYS:
        for column in dataset(key).columns:
            assert column.name not in NEVER, key
            assert not NEVER & {inner.name for inner in column.columns}, (key, column.name)


def test_hearings_opened_with_published_comments_counted_by_group(client, records):
    found = {row["title"]: row for row in rows(client, "hearings")}
    assert set(found) == {"การรับฟังที่รายงานแล้ว", "การรับฟังที่ปิดแล้ว"}  # not the draft, nor the closed office's
    reported = found["การรับฟังที่รายงานแล้ว"]
    assert reported["status"]["code"] == "reported"
    # Published comments only: two of the group, one that did not say; pending and rejected not counted.
    assert reported["published_comments"] == 3
    by_group = {entry["group"]: entry["comments"] for entry in reported["comments_by_group"]}
    assert by_group == {records["group"].pk: 2, None: 1}
    assert reported["themes"] == [{"title": "โรงเรียนขนาดเล็ก", "summary": "ไม่อยากให้ควบรวม", "response": "จะทบทวนเกณฑ์"}]
    assert reported["report_summary"] == "สรุป"
    assert reported["report_url"] == f"http://testserver/singburi/hearings/{records['hearing'].pk}/report/"
    # Before the report: no themes, responses or summary, whatever staff have written.
    closed = found["การรับฟังที่ปิดแล้ว"]
    assert closed["themes"] == [] and closed["report_summary"] == "" and closed["report_url"] is None
    assert closed["published_comments"] == 0 and closed["comments_by_group"] == []


def test_surveys_results_only_when_published_and_never_text(client, records):
    found = {row["title"]: row for row in rows(client, "surveys")}
    assert set(found) == {"แบบสำรวจที่เผยแพร่ผล", "แบบสำรวจที่เปิดอยู่"}
    published = found["แบบสำรวจที่เผยแพร่ผล"]
    assert published["status"]["code"] == "published" and published["responses"] == 2
    assert published["results_summary"] == "ผู้ตอบพอใจปานกลาง"
    questions = {question["kind"]["code"]: question for question in published["questions"]}
    assert questions["rating"]["counts"] == [0, 1, 0, 1, 0] and questions["rating"]["mean"] == 3.0
    assert questions["single"]["counts"] == [1, 1, 0] and questions["single"]["answered"] == 2
    assert questions["multiple"]["counts"] == [1, 2, 0]
    assert questions["long_text"]["counts"] == [] and questions["long_text"]["choices"] == []
    still_open = found["แบบสำรวจที่เปิดอยู่"]
    assert still_open["responses"] is None and still_open["results_summary"] == ""
    assert still_open["results_url"] is None
    assert all(q["answered"] is None and q["counts"] == [] and q["mean"] is None for q in still_open["questions"])
    assert [q["text"] for q in still_open["questions"]][0] == "พอใจการบริการโดยรวมเพียงใด"


def test_working_groups_public_only_with_consenting_names(client, records):
    found = {row["name"]: row for row in rows(client, "working-groups")}
    assert set(found) == {"คณะทำงานที่เปิดเผย"}
    group = found["คณะทำงานที่เปิดเผย"]
    assert [member["name"] for member in group["members"]] == ["นายเปิดเผย ชื่อจริง"]
    assert group["members"][0]["role"]["code"] == "chair"
    # The member who did not consent is counted by role, never named.
    assert group["member_count"] == 2 and group["members_by_role"] == {"chair": 1, "member": 1}
    assert [activity["title"] for activity in group["activities"]] == ["อบรมสมาชิก"]
    assert group["stakeholder_groups"] == [records["group"].pk]
    assert rows(client, "working-groups", "&kind=committee") == []


@pytest.mark.parametrize("key", KEYS)
def test_nothing_private_leaves_any_way(client, records, key):
    texts = [
        json.dumps(rows(client, key), ensure_ascii=False),
        body(client.get(f"/data/{key}.csv")),
        body(client.get(f"/data/{key}.jsonl")),
        body(client.get(f"/data/singburi/{key}.csv")),
    ]
    for text in texts:
        assert not [secret for secret in SECRETS if secret in text]


def test_office_by_office(client, records, chainat):
    """Another office's records are its own: the office filter and its share hold only them, and
    one office's drafts and internal records never appear under another's."""
    participation_records(chainat, chainat.stakeholder_groups.first())
    for key, name in (("hearings", "title"), ("surveys", "title"), ("working-groups", "name")):
        everyone = rows(client, key)
        singburi = rows(client, key, "&office=singburi")
        other = rows(client, key, "&office=chainat")
        assert len(everyone) == len(singburi) + len(other) and singburi and other
        assert {row["office"] for row in singburi} == {"singburi"}
        assert {row["office"] for row in other} == {"chainat"}
        share = list(csv.DictReader(io.StringIO(body(client.get(f"/data/chainat/{key}.csv")))))
        assert sorted(row["id"] for row in share) == sorted(str(row["id"]) for row in other)
        assert {row[name] for row in other} <= {row[name] for row in singburi}  # the same states published


def test_catalogue_and_index_list_them(client, records):
    index = {item["name"] for item in client.get("/api/v1/").json()["resources"]}
    assert set(KEYS) <= index
    catalogue = client.get("/data/catalog.jsonld").content.decode()
    for key in KEYS:
        assert f"/data/{key}.csv" in catalogue
