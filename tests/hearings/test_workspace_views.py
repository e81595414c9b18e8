"""The workspace for hearings: the form (bad input kept, the short-period warning), open, moderate,
themes, the report and publishing it; and what the cycle gets from hearings."""

import datetime

import pytest
from django.utils import timezone

from participation.cycle import services as cycle_services
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import PlanEvidence
from participation.hearings.models import Hearing, HearingComment
from participation.vocabularies import CycleStep
from tests.factories import StakeholderGroupFactory
from tests.hearings.helpers import comment, make_hearing

pytestmark = pytest.mark.django_db
FORMAT = "%Y-%m-%dT%H:%M"


def form_data(**changes):
    now = timezone.localtime()
    data = {
        "title": "ร่างระเบียบการรับนักเรียน",
        "purpose": "รับฟังก่อนประกาศใช้",
        "draft": "## ข้อ 1\nรับนักเรียนตามเขตพื้นที่บริการ",
        "questions_text": "เห็นด้วยหรือไม่\nมีข้อเสนออะไร",
        "participation_level": "consult",
        "opens_at": now.strftime(FORMAT),
        "closes_at": (now + datetime.timedelta(days=20)).strftime(FORMAT),
        "short_window_reason": "",
        "moderation": "pre",
        "channels": ["website"],
        "principles": ["participation"],
    }
    data.update(changes)
    return data


class TestForm:
    def test_create_keeps_everything_typed_when_the_period_is_short_without_a_reason(
        self, client, singburi, staff_singburi
    ):
        client.force_login(staff_singburi)
        closes = (timezone.localtime() + datetime.timedelta(days=5)).strftime(FORMAT)
        response = client.post("/en/manage/singburi/hearings/new/", form_data(closes_at=closes))
        html = response.content.decode()
        assert response.status_code == 200 and "say why the period is shorter" in html
        assert "ร่างระเบียบการรับนักเรียน" in html and "รับนักเรียนตามเขตพื้นที่บริการ" in html
        assert not Hearing.objects.exists()
        response = client.post(
            "/en/manage/singburi/hearings/new/", form_data(closes_at=closes, short_window_reason="ต้องใช้ปีการศึกษานี้")
        )
        hearing = Hearing.objects.get()
        assert response.status_code == 302 and hearing.is_short and hearing.questions == ["เห็นด้วยหรือไม่", "มีข้อเสนออะไร"]
        page = client.get(response["Location"]).content.decode()
        assert "less than 15 days" in page and hearing.sections.count() == 1

    def test_an_open_hearings_draft_is_shown_but_not_changed(self, client, staff_singburi, open_hearing):
        client.force_login(staff_singburi)
        url = f"/en/manage/singburi/hearings/{open_hearing.pk}/edit/"
        assert "disabled" in client.get(url).content.decode()
        later = timezone.localtime(open_hearing.closes_at + datetime.timedelta(days=3))
        data = form_data(draft="แก้ไขแล้ว", closes_at=later.strftime(FORMAT), title="ชื่อใหม่")
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        open_hearing.refresh_from_db()
        assert open_hearing.title == "ชื่อใหม่" and "แก้ไขแล้ว" not in open_hearing.draft


class TestWorkflow:
    def test_staff_open_moderate_close_and_publish_the_report(self, client, staff_singburi, draft_hearing):
        client.force_login(staff_singburi)
        base = f"/en/manage/singburi/hearings/{draft_hearing.pk}/"
        assert client.post(f"{base}open/").status_code == 302
        response = client.post(f"{base}close/")  # it opens in an hour: nothing to close yet
        assert response.status_code == 200 and "has not opened for comment yet" in response.content.decode()
        Hearing.objects.filter(pk=draft_hearing.pk).update(opens_at=timezone.now() - datetime.timedelta(hours=1))
        waiting = comment(draft_hearing, "รอตรวจ", status="pending")
        html = client.get(f"{base}comments/?status=pending").content.decode()
        assert "รอตรวจ" in html
        response = client.post(f"{base}comments/{waiting.pk}/moderate/", {"decision": "reject", "reason": ""})
        assert response.status_code == 200 and "Say why" in response.content.decode()
        client.post(f"{base}comments/{waiting.pk}/moderate/", {"decision": "publish"})
        assert HearingComment.objects.get().status == "published"
        assert client.post(f"{base}close/").status_code == 302
        assert "Write the summary" in client.get(f"{base}report/").content.decode()
        response = client.post(f"{base}report/publish/")
        assert response.status_code == 200 and "Before the report can be published" in response.content.decode()
        client.post(
            f"{base}report/themes/new/", {"title": "การควบรวม", "summary": "", "response": "ทบทวนเป็นรายโรงเรียน"}
        )
        theme = draft_hearing.themes.get()
        client.post(f"{base}comments/{waiting.pk}/theme/", {"theme": theme.pk})
        client.post(
            f"{base}report/",
            {"report_summary": "ผู้ปกครองห่วงเรื่องการเดินทาง", "changes_summary": "", "revised_draft": "## ข้อ 1\nใหม่"},
        )
        response = client.post(f"{base}report/publish/")
        assert response.status_code == 302 and response["Location"].endswith("/report/")
        draft_hearing.refresh_from_db()
        assert draft_hearing.status == "reported"
        report = client.get(response["Location"]).content.decode()
        assert "ทบทวนเป็นรายโรงเรียน" in report and "<ins>" in report

    def test_the_theme_form_keeps_bad_input(self, client, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="closed")
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/hearings/{hearing.pk}/report/themes/new/", {"title": " ", "response": "คำตอบที่พิมพ์"}
        )
        assert response.status_code == 200 and "คำตอบที่พิมพ์" in response.content.decode()


class TestCycle:
    def test_hearings_are_step_three_evidence_with_groups_reached_and_figures(self, singburi, staff_singburi):
        plan = cycle_services.plan_create(office=singburi, fiscal_year=2568, actor=staff_singburi)
        parents, teachers = StakeholderGroupFactory(office=singburi), StakeholderGroupFactory(office=singburi)
        cycle_services.plan_targets_set(
            plan=plan, actor=staff_singburi, targets=[(parents, "", ""), (teachers, "", "")]
        )
        opens = timezone.make_aware(datetime.datetime(2025, 3, 1, 9))
        hearing = make_hearing(singburi, staff_singburi, status="reported", opens_at=opens)
        Hearing.objects.filter(pk=hearing.pk).update(opens_at=opens, closes_at=opens + datetime.timedelta(days=20))
        make_hearing(singburi, staff_singburi, title="ร่างที่ยังไม่เปิด")  # a draft is not evidence
        comment(hearing, group=parents)
        comment(hearing, group=parents, status="pending")
        comment(hearing, group=teachers, status="rejected")
        evidence = PlanEvidence(plan)
        items = evidence.page(CycleStep.CONSULT, limit=10)
        assert [(item.source, item.item_id) for item in items] == [("hearing", hearing.pk)]
        assert items[0].url == hearing.get_report_url()
        matrix = coverage(plan, tallies=evidence.year())
        assert matrix["never_reached"] == [teachers]  # parents commented; the teacher's comment was rejected
        assert matrix["rows"][1]["total"] >= 1  # consult
        figures = compile_figures(plan, tallies=evidence.year())
        assert figures["hearings"]["count"] == 1 and figures["hearings"]["comments"] == 2
        assert figures["hearings"]["by_group"][0]["comments"] == 2
