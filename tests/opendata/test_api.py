"""The public API: what leaves (field by field, record by record), filters, cursors, bad input,
ETags, CORS and the rate limit."""

import json

import pytest

from announcements.services import announcement_publish
from participation.datasets import datasets
from tests.factories import AnnouncementFactory
from tests.helpers import FY
from tests.opendata.conftest import SECRETS

pytestmark = pytest.mark.django_db

# Every field each dataset may publish. A field added to a dataset fails here until someone decides
# it is public and adds it: nothing leaves by accident.
EXPECTED_FIELDS = {
    "offices": "id slug name_th name_en short_name_th short_name_en kind province parent address phone email "
    "website director_name director_position url updated_at",
    "stakeholder-groups": "id office name name_en category description position",
    "announcements": "id office kind number subject summary body announced_on published_at status withdrawn_at "
    "withdrawal_reason signer_name signer_position channels participation_level principles target_groups "
    "attachments url updated_at",
    "meetings": "id office title kind status starts_at ends_at venue address online_url chair_name chair_position "
    "objectives agenda minutes outcomes cancel_reason participation_level principles invited_total attended_total "
    "attendance follow_up url updated_at",
    "feedback-answers": "id office kind subject received_on answered_at answer updated_at",
    "feedback-statistics": "office fiscal_year received answered answered_in_time in_time_percent received_opinion "
    "received_suggestion received_expectation received_question received_complaint received_compliment",
    "plans": "id office fiscal_year steps targets evidence_links previous_summary url updated_at",
    "summaries": "id office fiscal_year version analysis lessons recommendations figures approver_name "
    "approver_position approved_at url updated_at",
    "hearings": "id office title purpose questions status opens_at closes_at short_window_reason channels "
    "participation_level principles target_groups published_comments comments_by_group reported_at report_summary "
    "changes_summary themes url report_url updated_at",
    "surveys": "id office title description status opens_at closes_at is_satisfaction participation_level principles "
    "target_groups results_published_at results_summary responses questions url results_url updated_at",
    "overview": "office kind province region parent fiscal_year has_plan steps_done summary_status levels_covered "
    "principles_covered groups_targeted groups_reached meetings_held people_attended attended_by_category "
    "hearings_held surveys_held feedback_received feedback_answered feedback_answered_in_time in_time_percent "
    "median_days mean_rating ita_complete refreshed_at",
    "ita-parts": "office fiscal_year has_plan part_1_issue part_2_participants part_3_results part_4_improvement "
    "complete url refreshed_at",
    "working-groups": "id office kind name purpose status founded_on term_ends_on closed_on close_reason practices "
    "participation_level principles stakeholder_groups member_count members_by_role members activities url "
    "updated_at",
}
NESTED_FIELDS = {
    ("announcements", "attachments"): "id name content_type size url",
    ("meetings", "attendance"): "group group_name group_name_en invited attended",
    ("meetings", "follow_up"): "description owner due_on status result",
    ("plans", "steps"): "step status description due_on responsible",
    ("plans", "targets"): "group reason channels",
    ("plans", "evidence_links"): "step title url",
    ("hearings", "comments_by_group"): "group group_name group_name_en comments",
    ("hearings", "themes"): "title summary response",
    ("surveys", "questions"): "section text kind choices answered counts mean",
    ("working-groups", "members"): "name position role term_starts_on term_ends_on",
    ("working-groups", "activities"): "kind title held_on record participants",
}
NEVER = {"email", "phone", "sender", "message", "tracking_code", "assigned_to", "created_by", "fingerprint"}


def test_every_registered_dataset_is_decided():
    """The datasets' declared fields are exactly the ones decided public above."""
    assert {dataset.key for dataset in datasets()} == set(EXPECTED_FIELDS)
    for dataset in datasets():
        assert dataset.column_names() == EXPECTED_FIELDS[dataset.key].split(), dataset.key
        for column in dataset.columns:
            if column.columns:
                assert [inner.name for inner in column.columns] == NESTED_FIELDS[(dataset.key, column.name)].split()
    # Contact details only of offices themselves, never of people.
    for dataset in datasets():
        if dataset.key != "offices":
            assert not NEVER & set(dataset.column_names()), dataset.key


def everything(client) -> dict[str, list]:
    found = {}
    for dataset in datasets():
        response = client.get(f"/api/v1/{dataset.key}/?limit=500")
        assert response.status_code == 200, (dataset.key, response.content)
        found[dataset.key] = response.json()["data"]
    return found


def test_only_public_records_and_fields_leave(client, records):
    found = everything(client)
    text = json.dumps(found, ensure_ascii=False)
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, leaked
    for key, rows in found.items():
        for row in rows:
            assert list(row) == EXPECTED_FIELDS[key].split(), key
    subjects = {row["subject"]: row for row in found["announcements"]}
    assert set(subjects) == {"ข่าวที่เผยแพร่", "ข่าวที่ถอน"}
    assert subjects["ข่าวที่ถอน"]["status"]["code"] == "withdrawn"
    assert {row["title"] for row in found["meetings"]} == {"สัมมนาเปิด"}
    assert [row["subject"] for row in found["feedback-answers"]] == ["ขอไฟถนน"]
    assert [row["fiscal_year"] for row in found["summaries"]] == [FY - 1]
    assert {row["slug"] for row in found["offices"]} == {"singburi"}


def test_rows_carry_labels_addresses_and_nested_records(client, records):
    found = everything(client)
    news = next(row for row in found["announcements"] if row["subject"] == "ข่าวที่เผยแพร่")
    assert news["kind"] == {"code": "news", "th": "ข่าวประชาสัมพันธ์", "en": "News"}
    assert news["channels"][0]["code"] == "website"
    assert news["url"] == f"http://testserver/singburi/announcements/{records['published'].pk}/"
    assert news["target_groups"] == [records["group"].pk]
    meeting = found["meetings"][0]
    assert meeting["attendance"][0]["invited"] == 20 and meeting["attended_total"] == 15
    assert meeting["follow_up"][0]["status"]["code"] == "done"
    plan = next(row for row in found["plans"] if row["fiscal_year"] == FY)
    assert [link["title"] for link in plan["evidence_links"]] == ["ลิงก์สาธารณะ"]
    assert [step["step"]["code"] for step in plan["steps"]] == ["review", "publish", "consult", "involve", "summarize"]
    figures = {row["fiscal_year"]: row for row in found["feedback-statistics"]}
    year = figures[max(figures)]
    # Spam and the report of misconduct are not counted; three others are.
    assert year["received"] == 2 and year["answered"] == 2


def test_filters(client, records, chainat):
    base = "/api/v1/announcements/"
    assert len(client.get(f"{base}?office=singburi").json()["data"]) == 2
    assert client.get(f"{base}?office=chainat").json()["data"] == []
    assert client.get(f"{base}?kind=announcement").json()["data"] == []
    assert len(client.get(f"{base}?kind=news").json()["data"]) == 2
    assert client.get(f"{base}?updated_since=2999-01-01").json()["data"] == []
    assert len(client.get(f"{base}?updated_since=2000-01-01T00:00:00%2B07:00").json()["data"]) == 2
    assert client.get(f"/api/v1/plans/?fiscal_year={FY}").json()["data"][0]["fiscal_year"] == FY


def test_cursor_pages_are_stable_while_records_are_added(client, singburi):
    from tests.factories import AnnouncementFactory

    made = AnnouncementFactory.create_batch(5, office=singburi, published=True)
    first = client.get("/api/v1/announcements/?limit=2").json()
    assert [row["id"] for row in first["data"]] == [item.pk for item in made[:2]]
    AnnouncementFactory.create_batch(3, office=singburi, published=True)  # added meanwhile
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["data"]] == [item.pk for item in made[2:4]]
    seen, page = [], client.get("/api/v1/announcements/?limit=3").json()
    while True:
        seen += [row["id"] for row in page["data"]]
        if not page["next_cursor"]:
            break
        page = client.get(f"/api/v1/announcements/?limit=3&cursor={page['next_cursor']}").json()
    assert len(seen) == len(set(seen)) == 8


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?colour=red", "colour"),
        ("?fiscal_year=abc", "fiscal_year"),
        ("?fiscal_year=99999", "fiscal_year"),
        ("?updated_since=yesterday", "updated_since"),
        ("?updated_since=2025-13-45", "updated_since"),
        ("?cursor=!!!", "cursor"),
        ("?cursor=a2FwdXQ", "cursor"),
        ("?cursor=aw", "cursor"),
        ("?limit=100000", "limit"),
        ("?limit=0", "limit"),
        ("?limit=-5", "limit"),
        ("?kind=misc", "kind"),
        ("?office=nowhere", "office"),
        ("?office=singburi&office=chainat", "office"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client, singburi, query, parameter):
    response = client.get(f"/api/v1/announcements/{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["parameter"] == parameter


def test_filters_a_dataset_lacks_are_refused(client, singburi):
    response = client.get("/api/v1/offices/?fiscal_year=2568")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_parameter"


def test_unsupported_accept(client, singburi):
    response = client.get("/api/v1/offices/", HTTP_ACCEPT="text/html")
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "Accept"
    assert client.get("/api/v1/offices/", HTTP_ACCEPT="application/json;q=0.9, text/html").status_code == 200


def test_inactive_office_is_not_a_filter(client, records):
    assert client.get("/api/v1/announcements/?office=closedoffice").status_code == 400


def test_etag_and_conditional_requests(client, records):
    first = client.get("/api/v1/meetings/")
    assert first.has_header("ETag")
    again = client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_cors_open_for_reading(client, singburi):
    response = client.get("/api/v1/offices/", HTTP_ORIGIN="https://news.example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/offices/",
        HTTP_ORIGIN="https://news.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    # Pages other than the API and the open data stay closed to other sites' scripts.
    assert not client.get("/singburi/", HTTP_ORIGIN="https://news.example.com").has_header(
        "Access-Control-Allow-Origin"
    )


def test_writes_are_refused(client, singburi):
    assert client.post("/api/v1/offices/", {}).status_code == 405
    assert client.delete("/api/v1/offices/").status_code == 405


def test_rate_limited_per_address(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    # Each a different page: a page kept in the page cache never reaches the limiter.
    codes = [client.get(f"/api/v1/offices/?limit={n}").status_code for n in range(1, 5)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/offices/?limit=9")
    assert refused.json()["error"]["code"] == "rate_limited" and int(refused["Retry-After"]) > 0
    # Another address is not held back.
    assert client.get("/api/v1/offices/?limit=9", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_pages_kept_are_replaced_by_a_publication_and_refuse_what_they_cannot_answer(client, singburi, staff_singburi):
    url = "/api/v1/announcements/?office=singburi"
    before = client.get(url)
    assert client.get(url)["Cache-Control"] == "public, max-age=0, must-revalidate"
    draft = AnnouncementFactory(office=singburi, subject="ประกาศใหม่ผ่าน API")
    announcement_publish(announcement=draft, actor=staff_singburi)
    after = client.get(url).json()
    assert "ประกาศใหม่ผ่าน API" not in before.content.decode()
    assert "ประกาศใหม่ผ่าน API" in {row["subject"] for row in after["data"]}
    # What the kept page cannot answer still reaches the API's own check.
    assert client.get(url, HTTP_ACCEPT="text/html").status_code == 400


def test_index_schema_and_docs(client, singburi):
    index = client.get("/api/v1/").json()
    assert {item["name"] for item in index["resources"]} == set(EXPECTED_FIELDS)
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {f"/api/v1/{key}/" for key in EXPECTED_FIELDS} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/announcements/"]["get"]["parameters"]}
    assert parameters == {"office", "fiscal_year", "kind", "updated_since", "cursor", "limit"}
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    text = docs.content.decode()
    assert "curl" in text and "/api/v1/feedback-answers/" in text and "<script" not in text


@pytest.mark.parametrize("office", ["sing\x00buri", "x" * 5000, "สิงห์บุรี"])
def test_an_office_that_cannot_be_a_short_name_is_a_400(client, office):
    """Found by schemathesis on PostgreSQL: a NUL in the office reached the database and answered 500."""
    response = client.get("/api/v1/announcements/", {"office": office})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "office"


@pytest.mark.parametrize("name, value", [("fiscal_year", "๒๕๖๘"), ("limit", "²")])
def test_digits_that_are_not_ascii_are_a_400(client, name, value):
    response = client.get("/api/v1/announcements/", {name: value})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == name
