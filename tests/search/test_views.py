"""The search pages: what they show, to whom, and how they answer bad input."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.search.test_relevance import PUBLIC_CASES

pytestmark = pytest.mark.django_db


def test_the_public_search_finds_and_highlights(client, corpus):
    response = client.get("/search/", {"q": "ภาคีเครือข่าย"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "สัมมนาภาคีเครือข่ายการศึกษาจังหวัดสิงห์บุรี" in html
    assert "<mark>ภาคีเครือข่าย</mark>" in html
    assert 'name="q"' in html and 'value="ภาคีเครือข่าย"' in html
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"  # kept in the page cache


def test_english_pages_search_too(client, corpus):
    response = client.get("/en/search/", {"q": "hearing"})
    assert response.status_code == 200
    assert "Public hearing on the education plan" in response.content.decode()


def test_an_office_search_shows_only_that_office(client, corpus):
    html = client.get("/chainat/search/", {"q": "ประกาศ"}).content.decode()
    assert "ประกาศมาตรการส่งเสริมการมีส่วนร่วม" in html
    assert "ประกาศแผนการมีส่วนร่วมด้านการศึกษา" not in html


def test_one_kind_is_paginated_without_a_count(client, corpus):
    response = client.get("/search/", {"q": "ประกาศ", "kind": "announcements"})
    assert response.status_code == 200
    assert response.context["kind"].key == "announcements"
    assert response.context["page_obj"].num_pages is None
    assert client.get("/search/", {"q": "ประกาศ", "kind": "announcements", "page": "9"}).status_code == 200


def test_the_network_kind_is_not_offered_to_the_public(client, corpus):
    response = client.get("/search/", {"q": "พิมพ์ใจ", "kind": "network"})
    assert response.status_code == 200
    assert "นางสาวพิมพ์ใจ ใจดี" not in response.content.decode()
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ก" * 10_000,
        "<script>alert('x')</script>",
        "%",
        "_",
        "\\",
        "%%%___\\\\",
        "\x00\x01\x1b[31m",
        "ข่าว\u200b\u200b",
    ],
    ids=["empty", "spaces", "long", "markup", "percent", "underscore", "backslash", "wildcards", "control", "zw"],
)
def test_bad_input_gets_a_clear_page(client, corpus, typed):
    response = client.get("/search/", {"q": typed, "kind": "nonsense", "year": "abc", "page": "-3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html


def test_a_long_query_is_cut_and_says_so(client, corpus):
    response = client.get("/search/", {"q": "ภาคีเครือข่าย " * 100})
    assert response.status_code == 200
    assert response.context["shortened"]
    assert len(response.context["query"].text) <= 200


def test_a_wildcard_matches_itself_not_everything(client, corpus):
    response = client.get("/search/", {"q": "%"})
    found = [hit.title for _source, hits, _more in response.context["groups"] for hit in hits]
    assert found == ["ร้อยละ 100% ของโรงเรียนส่งรายงาน"]


def test_search_is_rate_limited(client, corpus, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (2, 300)}
    assert client.get("/search/", {"q": "ข่าว"}).status_code == 200
    assert client.get("/search/", {"q": "ประกาศ"}).status_code == 200
    refused = client.get("/search/", {"q": "ประชุม"})
    assert refused.status_code == 429
    assert refused["Retry-After"]
    # An empty box costs nothing.
    assert client.get("/search/").status_code == 200


def test_staff_search_sees_drafts_of_their_office_only(corpus, staff_singburi, staff_other_office):
    client = Client()
    client.force_login(staff_singburi)
    html = client.get("/manage/singburi/search/", {"q": "งบลับ"}).content.decode()
    assert "ร่างประกาศงบลับเฉพาะ" in html and "ร่างของชัยนาทงบลับ" not in html
    client.force_login(staff_other_office)
    assert client.get("/manage/singburi/search/", {"q": "งบลับ"}).status_code == 404


def test_the_public_never_finds_drafts_through_the_office_search(client, corpus):
    html = client.get("/singburi/search/", {"q": "งบลับ"}).content.decode()
    assert "ร่างประกาศงบลับเฉพาะ" not in html


def test_every_page_has_the_search_box_and_the_opensearch_link(client, corpus):
    html = client.get("/singburi/").content.decode()
    assert 'action="/singburi/search/"' in html
    assert 'rel="search"' in html
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html


def test_the_opensearch_description(client):
    response = client.get("/search/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert "http://testserver/search/?q={searchTerms}" in response.content.decode()


def test_the_query_count_does_not_grow_with_matches(client, corpus, settings):
    from announcements.models import Announcement
    from tests.factories import AnnouncementFactory

    settings.PAGE_CACHE_SECONDS = 0  # the search's own queries, every time

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "ภาคีเครือข่าย"}).status_code == 200
        return len(captured)

    before = queries()
    office = Announcement.objects.get(pk=corpus["plan"][1]).office
    for number in range(30):
        AnnouncementFactory(office=office, published=True, subject=f"ภาคีเครือข่ายครั้งที่ {number}")
    assert queries() == before


def test_relevance_cases_render(client, corpus):
    for text, _must, _must_not in PUBLIC_CASES[:10]:
        assert client.get("/search/", {"q": text}).status_code == 200


def test_the_lists_honour_q_through_the_office_search(client, corpus):
    response = client.get("/singburi/announcements/", {"q": "ภาคีเครือข่าย"})
    assert response.status_code == 302
    assert response["Location"].startswith("/singburi/search/?q=")
    assert "kind=announcements" in response["Location"]
    response = client.get("/singburi/meetings/", {"q": "สัมมนา"}, follow=True)
    assert "สัมมนาภาคีเครือข่ายการศึกษาจังหวัดสิงห์บุรี" in response.content.decode()
    assert client.get("/singburi/meetings/", {"q": "  "}).status_code == 200


def test_the_staff_list_search_is_thai_aware(corpus, staff_singburi):
    client = Client()
    client.force_login(staff_singburi)
    html = client.get("/manage/singburi/announcements/", {"q": "๑๒/๒๕๖๘"}).content.decode()
    assert "ประกาศแผนการมีส่วนร่วมด้านการศึกษา" in html


@pytest.mark.parametrize(
    ("kind", "text", "shown"),
    [
        ("hearings", "คุณภาพผู้เรียน", "ร่างแผนพัฒนาคุณภาพผู้เรียนระดับปฐมวัย"),
        ("hearing_comments", "ดนตรีไทย", "ควรเพิ่มชั่วโมงเรียนดนตรีไทย"),
        ("surveys", "ความพึงพอใจ", "แบบสำรวจความพึงพอใจต่อการให้บริการงานทะเบียน"),
        ("survey_results", "รับสมัครออนไลน์", "แบบสำรวจความต้องการอาหารกลางวัน"),
        ("groups", "เยาวชนสุจริต", "คณะทำงานเยาวชนสุจริตสิงห์บุรี"),
        ("group_members", "สมชาย", "นายสมชาย รักถิ่นเกิด"),
    ],
)
def test_hearings_surveys_and_groups_are_found_and_linked(client, corpus, kind, text, shown):
    for params in ({"q": text}, {"q": text, "kind": kind}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert shown in response.content.decode()


def test_the_public_pages_of_found_records_open(client, corpus):
    from participation import searching

    for kind in ("hearings", "hearing_comments", "surveys", "survey_results", "groups", "group_members"):
        registered = searching.source(kind)
        for record in registered.public():
            url = registered.describe(record, staff=False)["url"].split("#")[0]
            assert client.get(url).status_code == 200, url


def test_a_group_member_shows_no_contact_details(client, corpus, staff_singburi):
    html = client.get("/search/", {"q": "สมชาย", "kind": "group_members"}).content.decode()
    assert "นายสมชาย รักถิ่นเกิด" in html
    assert "somchai@example.com" not in html and "0812345678" not in html
    staff = Client()
    staff.force_login(staff_singburi)
    html = staff.get("/manage/singburi/search/", {"q": "สมชาย"}).content.decode()
    assert "นายสมชาย รักถิ่นเกิด" in html
    assert "somchai@example.com" not in html and "0812345678" not in html


def test_the_public_never_finds_drafts_of_hearings_surveys_or_hidden_groups(client, corpus):
    hidden = {  # what is typed: the text of the records it must not show
        "ค่าธรรมเนียมหอพักลับ": ["ร่างระเบียบค่าธรรมเนียมหอพักลับ", "ร่างชัยนาทค่าธรรมเนียมหอพักลับ"],
        "ค่าตอบแทนลับ": ["แบบสำรวจร่างเรื่องค่าตอบแทนลับ", "แบบสำรวจชัยนาทเรื่องค่าตอบแทนลับ"],
        "ตรวจสอบพัสดุ": ["กลุ่มภายในตรวจสอบพัสดุ"],
        "ห้องน้ำนักเรียน": ["ผลที่ยังไม่เผยแพร่เรื่องห้องน้ำนักเรียน", "แบบสำรวจการใช้ห้องสมุด"],
        "รถรับส่งนักเรียน": ["ข้อเสนอที่รอตรวจเรื่องรถรับส่งนักเรียน"],
    }
    for text, records in hidden.items():
        for address in ("/search/", "/singburi/search/", "/chainat/search/"):
            html = client.get(address, {"q": text}).content.decode()
            assert not [record for record in records if record in html], (address, text)


def test_an_office_search_leaves_out_another_offices_hearings_and_groups(client, corpus):
    html = client.get("/singburi/search/", {"q": "ผ้าทอ"}).content.decode()
    assert "ร่างแผนอนุรักษ์ผ้าทอชัยนาท" not in html and "คณะกรรมการเครือข่ายผ้าทอชัยนาท" not in html
    html = client.get("/chainat/search/", {"q": "ผ้าทอ"}).content.decode()
    assert "ร่างแผนอนุรักษ์ผ้าทอชัยนาท" in html and "คณะกรรมการเครือข่ายผ้าทอชัยนาท" in html
