"""The yearly cycle in the workspace: opening plans, the summary's way to approval, evidence."""

import datetime

import pytest

from participation.cycle import services
from participation.cycle.models import Plan, YearSummary
from tests.cycle.helpers import at, summary_text
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
    assert "+วิเคราะห์ พร้อมตัวเลข" in versions
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
