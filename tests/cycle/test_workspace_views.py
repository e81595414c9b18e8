"""The yearly cycle in the workspace: opening plans, the summary's way to approval, evidence."""

import datetime
import re

import pytest

from participation.cycle import services
from participation.cycle.models import Plan, YearSummary
from participation.cycle.views import manage
from participation.evidence import PlanEvidence
from tests.cycle.helpers import at, populate, summary_text
from tests.factories import AnnouncementFactory, MeetingFactory
from tests.helpers import FY

pytestmark = pytest.mark.django_db


def test_open_a_plan_and_refuse_a_second(client, staff_singburi, singburi):
    client.force_login(staff_singburi)
    response = client.post("/manage/singburi/plans/", {"fiscal_year": "2570"})
    assert response.status_code == 302 and Plan.objects.filter(fiscal_year=2570).exists()
    again = client.post("/en/manage/singburi/plans/", {"fiscal_year": "2570"})
    assert again.status_code == 200 and "already has a plan" in again.content.decode()


def test_write_submit_return_resubmit_approve_through_the_pages(client, staff_singburi, director_singburi, singburi):
    services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    base = f"/manage/singburi/plans/{FY}/summary/"
    client.force_login(staff_singburi)
    client.post(base, summary_text())
    client.post(base + "submit/")
    assert YearSummary.objects.get().status == "submitted"
    # Staff cannot decide: the pages do not exist for them.
    assert client.post(base + "approve/", {"name": "x", "position": "y"}).status_code == 404
    client.force_login(director_singburi)
    client.post(base + "return/", {"comment": "เพิ่มตัวเลข"})
    assert YearSummary.objects.get().status == "returned"
    client.force_login(staff_singburi)
    client.post(base, {**summary_text(), "analysis": "วิเคราะห์ พร้อมตัวเลข"})
    client.post(base + "submit/")
    client.force_login(director_singburi)
    response = client.post(base + "approve/", {"name": "ดร.พิเชฐร์ วันทอง", "position": "ผู้อำนวยการ"})
    assert response.status_code == 302
    summary = YearSummary.objects.get(plan__fiscal_year=FY)
    assert summary.status == "approved" and summary.versions.count() == 2
    versions = client.get(base + "versions/").content.decode()
    # The words added to the analysis, marked (with a word for screen readers) in the paragraph they joined.
    assert re.search(r'วิเคราะห์<ins><span class="visually-hidden">[^<]+</span> พร้อมตัวเลข</ins>', versions)
    assert Plan.objects.filter(office=singburi, fiscal_year=FY + 1).exists()


def test_approving_a_draft_is_refused_with_a_message(client, director_singburi, staff_singburi, singburi):
    services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    client.force_login(director_singburi)
    response = client.post(f"/en/manage/singburi/plans/{FY}/summary/approve/", {"name": "x", "position": "y"})
    assert response.status_code == 200 and "Only a summary awaiting approval" in response.content.decode()
    assert YearSummary.objects.get().status == "draft"


def test_editing_an_approved_summary_is_refused(client, staff_singburi, director_singburi, singburi):
    plan = services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    services.summary_save(summary=plan.summary, actor=staff_singburi, data=summary_text())
    services.summary_submit(summary=plan.summary, actor=staff_singburi)
    services.summary_approve(summary=plan.summary, actor=director_singburi, name="", position="")
    client.force_login(staff_singburi)
    client.post(f"/manage/singburi/plans/{FY}/summary/", {**summary_text(), "analysis": "แก้หลังอนุมัติ"})
    assert YearSummary.objects.get(plan__fiscal_year=FY).analysis == "วิเคราะห์"


def test_evidence_detach_and_link_through_the_page(client, staff_singburi, singburi):
    plan = services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    announcement = AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 1, 5))
    client.force_login(staff_singburi)
    url = f"/manage/singburi/plans/{FY}/evidence/"
    left_out = client.post(f"{url}detach/", {"step": "publish", "source": "announcements", "item": announcement.pk})
    assert left_out.status_code == 302
    linked = client.post(
        f"{url}link/",
        {"step": "publish", "title": "จดหมายข่าว", "url": "https://example.org/n.pdf", "public": "on"},
    )
    assert linked.status_code == 302
    html = client.get(plan.get_manage_url()).content.decode()
    assert "จดหมายข่าว" in html and announcement.subject not in html
    bad = client.post(f"{url}link/", {"step": "publish", "title": "", "url": "not a url"})
    assert bad.status_code == 400


class TestReviewFixes:
    def test_a_crafted_step_is_refused_and_cannot_break_the_pages(self, client, plan, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi, starts_at=at(2025, 2, 1))
        client.force_login(staff_singburi)
        client.post(f"/manage/singburi/plans/{FY}/evidence/attach/", {"record": f"bogus|meetings|{meeting.pk}"})
        client.post(
            f"/manage/singburi/plans/{FY}/evidence/attach/",
            {"record": "involve|meetings|999999999999999999999"},
        )
        assert not plan.evidence_links.exists()
        assert client.get(f"/singburi/plans/{FY}/").status_code == 200
        assert client.get(f"/manage/singburi/plans/{FY}/").status_code == 200


class TestEvidenceWorkspace:
    """The plan's page shows each step's counts and first records; a step's own page lists them all,
    page by page, and finds records of the years around by their title to attach."""

    def test_the_plan_shows_counts_and_the_first_records_of_each_step(
        self, client, plan, singburi, group, staff_singburi
    ):
        populate(singburi, 7, group)  # 7 public and 7 internal meetings of step 4
        client.force_login(staff_singburi)
        html = client.get(f"/en/manage/singburi/plans/{FY}/").content.decode()
        involve = html[html.index('id="step-involve"') : html.index('id="link-heading"')]
        assert "7 public records · 7 internal records" in involve
        assert involve.count("Leave out of the evidence<") == manage.FIRST_RECORDS
        evidence = f"/en/manage/singburi/plans/{FY}/steps/involve/evidence/"
        assert f'href="{evidence}">All the evidence of this step (9 more)</a>' in involve
        assert f'href="{evidence}#attach">Attach a record from another year</a>' in involve
        assert 'name="record"' not in html  # no list of every record of the years around

    def test_the_step_page_lists_every_record_page_by_page(
        self, client, plan, singburi, group, staff_singburi, monkeypatch
    ):
        monkeypatch.setattr(manage, "STEP_PAGE_SIZE", 5)
        populate(singburi, 4, group)
        client.force_login(staff_singburi)
        url = f"/en/manage/singburi/plans/{FY}/steps/involve/evidence/"
        pages = [client.get(f"{url}?page={number}").content.decode() for number in (1, 2)]
        titles = [f"สัมมนาสาธารณะ {i}" for i in range(4)] + [f"ประชุมภายในลับ {i}" for i in range(4)]
        assert all(sum(title in page for page in pages) == 1 for title in titles)
        assert "internal</span>" in pages[0] + pages[1] and "Page 2 of 2" in pages[1]
        assert '<ol class="small" start="6">' in pages[1]
        # Past the end (after leaving out the last record of the last page): its last page.
        response = client.get(f"{url}?page=7&q=x")
        assert response.status_code == 302 and response["Location"] == f"{url}?page=2&q=x"

    def test_leaving_out_from_the_step_page_comes_back_to_it(self, client, plan, singburi, group, staff_singburi):
        meeting = MeetingFactory(office=singburi, title="สัมมนาที่ไม่เกี่ยว", starts_at=at(2025, 2, 1))
        client.force_login(staff_singburi)
        url = f"/manage/singburi/plans/{FY}/steps/involve/evidence/"
        assert "สัมมนาที่ไม่เกี่ยว" in client.get(url).content.decode()
        data = {"step": "involve", "source": "meetings", "item": meeting.pk, "next": f"{url}?page=1"}
        response = client.post(f"/manage/singburi/plans/{FY}/evidence/detach/", data)
        assert response.status_code == 302 and response["Location"] == f"{url}?page=1"
        assert "สัมมนาที่ไม่เกี่ยว" not in client.get(url).content.decode()
        # Anywhere but a page of this plan: back to the plan.
        for elsewhere in ("https://evil.example/", "//evil.example/", f"/manage/singburi/plans/{FY - 1}/", "/track/"):
            response = client.post(f"/manage/singburi/plans/{FY}/evidence/detach/", {**data, "next": elsewhere})
            assert response["Location"] == plan.get_manage_url(), elsewhere

    def test_a_hearing_can_be_left_out_of_step_three(self, client, plan, singburi, staff_singburi):
        hearing = MeetingFactory(office=singburi, kind="hearing", title="เวทีรับฟังที่ยกเลิกผล", starts_at=at(2025, 5, 1))
        client.force_login(staff_singburi)
        url = f"/manage/singburi/plans/{FY}/steps/consult/evidence/"
        html = client.get(url).content.decode()
        assert 'name="source" value="hearings"' in html
        client.post(
            f"/manage/singburi/plans/{FY}/evidence/detach/",
            {"step": "consult", "source": "hearings", "item": hearing.pk},
        )
        assert plan.evidence_links.filter(detached=True, source="hearings", item_id=hearing.pk).exists()
        assert hearing.title not in client.get(url).content.decode()
        assert PlanEvidence(plan).counts("consult") == (0, 0)

    def test_search_the_year_before_and_attach_what_it_finds(self, client, plan, singburi, chainat, staff_singburi):
        last_year = MeetingFactory(office=singburi, title="สัมมนาผู้ปกครอง ปีก่อน", status="held", starts_at=at(2024, 3, 1))
        internal = MeetingFactory(
            office=singburi, title="สัมมนาผู้ปกครอง ภายใน", starts_at=at(2025, 11, 1), is_public=False
        )
        MeetingFactory(office=singburi, title="สัมมนาผู้ปกครอง ปีนี้", starts_at=at(2025, 3, 1))  # collected already
        MeetingFactory(office=singburi, title="สัมมนาผู้ปกครอง สองปีก่อน", starts_at=at(2023, 3, 1))
        MeetingFactory(office=singburi, title="สัมมนาผู้ปกครอง ยกเลิก", status="cancelled", starts_at=at(2024, 4, 1))
        MeetingFactory(office=singburi, kind="hearing", title="สัมมนาผู้ปกครอง เวที", starts_at=at(2024, 4, 1))
        MeetingFactory(office=chainat, title="สัมมนาผู้ปกครอง ชัยนาท", starts_at=at(2024, 3, 1))
        client.force_login(staff_singburi)
        url = f"/en/manage/singburi/plans/{FY}/steps/involve/evidence/"
        html = client.get(url, {"q": " ผู้ปกครอง "}).content.decode()
        found = html[html.index('aria-label="Records found"') :]
        assert "ปีก่อน" in found and "ภายใน" in found
        for other in ("ปีนี้", "สองปีก่อน", "ยกเลิก", "เวที", "ชัยนาท"):
            assert f"สัมมนาผู้ปกครอง {other}" not in found, other
        assert found.index("ภายใน") < found.index("ปีก่อน")  # latest first
        record = f"involve|meetings|{last_year.pk}"
        assert f'name="record" value="{record}"' in found
        response = client.post(
            f"/en/manage/singburi/plans/{FY}/evidence/attach/", {"record": record, "next": f"{url}?q=ผู้ปกครอง"}
        )
        assert response.status_code == 302 and response["Location"].startswith(url)
        assert plan.evidence_links.filter(source="meetings", item_id=last_year.pk, detached=False).exists()
        html = client.get(url, {"q": "ผู้ปกครอง"}).content.decode()
        listed = html[: html.index('id="attach"')]
        assert "สัมมนาผู้ปกครอง ปีก่อน" in listed and "added by hand" in listed
        found = html[html.index('aria-label="Records found"') :]
        assert f'value="{record}"' not in found and f'value="involve|meetings|{internal.pk}"' in found
        assert "No record of those years" in client.get(url, {"q": "ไม่มีคำนี้"}).content.decode()

    def test_search_announcements_of_the_year_after(self, client, plan, singburi, staff_singburi):
        later = AnnouncementFactory(
            office=singburi, published=True, subject="ประกาศรับสมัคร ปีหน้า", announced_on=datetime.date(2025, 10, 2)
        )
        AnnouncementFactory(office=singburi, subject="ประกาศรับสมัคร ร่าง", announced_on=datetime.date(2025, 10, 3))
        client.force_login(staff_singburi)
        html = client.get(f"/manage/singburi/plans/{FY}/steps/publish/evidence/", {"q": "รับสมัคร"}).content.decode()
        assert f'value="publish|announcements|{later.pk}"' in html and "ร่าง" not in html
        # Steps whose records cannot be attached have no search.
        assert 'id="attach"' not in client.get(f"/manage/singburi/plans/{FY}/steps/review/evidence/").content.decode()

    def test_the_search_shows_at_most_its_limit(self, client, plan, singburi, staff_singburi, monkeypatch):
        monkeypatch.setattr(manage, "SEARCH_LIMIT", 3)
        for day in range(1, 6):
            MeetingFactory(office=singburi, title=f"สัมมนาปีก่อน {day}", starts_at=at(2024, 3, day))
        client.force_login(staff_singburi)
        html = client.get(f"/en/manage/singburi/plans/{FY}/steps/involve/evidence/", {"q": "ปีก่อน"}).content.decode()
        found = html[html.index('aria-label="Records found"') :]
        assert found.count('name="record"') == 3 and "สัมมนาปีก่อน 5" in found and "There may be more" in found

    def test_another_office_a_step_that_does_not_exist(
        self, client, plan, singburi, staff_singburi, staff_other_office
    ):
        client.force_login(staff_singburi)
        assert client.get(f"/manage/singburi/plans/{FY}/steps/nothing/evidence/").status_code == 404
        assert client.get(f"/manage/singburi/plans/{FY + 5}/steps/involve/evidence/").status_code == 404
        client.force_login(staff_other_office)
        assert client.get(f"/manage/singburi/plans/{FY}/steps/involve/evidence/").status_code == 404
