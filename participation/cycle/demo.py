"""Demo cycles: Sing Buri's closed fiscal year 2562 (the year of its seminar) and Chai Nat's running one.

Each plan holds only its own year's records: the Sing Buri seminar of 9 September 2562 is evidence of
fiscal year 2562, found by the meetings' source like any record of that year, never of a later year.
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction

from participation import evidence
from participation.cycle import services as cycle_services
from participation.cycle.models import EvidenceLink, Plan, PlanStep, SummaryVersion, YearSummary
from participation.demo import sample_note
from participation.fiscal import current_fiscal_year
from participation.models import Office
from participation.vocabularies import CycleStep

# The fiscal year of the Sing Buri seminar of 9 September 2562 (source document 000).
SEMINAR_FISCAL_YEAR = 2562
# When the demo says Sing Buri's staff put that year's summary to the director and the director
# approved it: the last days of fiscal year 2562, after the seminar.
SUBMITTED = datetime.datetime(2019, 9, 24, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))
APPROVED = datetime.datetime(2019, 9, 27, 14, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))


@transaction.atomic
def seed_cycle() -> list:
    """Sing Buri's closed cycle of fiscal year 2562 (approved, its seminar as step-4 evidence) and
    Chai Nat's running one (this year, in progress)."""
    singburi, chainat = Office.objects.get(slug="singburi"), Office.objects.get(slug="chainat")
    # An earlier demo attached the seminar by hand to the year before the current one: take that back.
    meetings = evidence.source("meetings")
    held = meetings.collect(singburi, SEMINAR_FISCAL_YEAR) if meetings else []
    EvidenceLink.objects.filter(
        plan__office=singburi, source="meetings", item_id__in=[item.item_id for item in held]
    ).exclude(plan__fiscal_year=SEMINAR_FISCAL_YEAR).delete()
    return [_singburi_seminar_year(singburi), _chainat_running_year(chainat)]


def _singburi_seminar_year(singburi: Office) -> Plan:
    User = get_user_model()
    staff, director = User.objects.get(username="singburi-staff"), User.objects.get(username="singburi-director")
    plan = Plan.objects.filter(office=singburi, fiscal_year=SEMINAR_FISCAL_YEAR).first()
    if plan is not None:
        return plan
    plan = cycle_services.plan_create(office=singburi, fiscal_year=SEMINAR_FISCAL_YEAR, actor=staff)
    cycle_services.plan_targets_set(
        plan=plan,
        actor=staff,
        targets=[(group, "กลุ่มที่ได้รับเชิญร่วมสัมมนาภาคีเครือข่าย", "หนังสือเชิญ") for group in singburi.stakeholder_groups.all()],
    )
    plan.steps.update(status=PlanStep.Status.DONE)
    cycle_services.summary_save(
        summary=plan.summary,
        actor=staff,
        data={
            "analysis": "ภาคีเครือข่ายทั้งหกกลุ่มที่ได้รับเชิญร่วมให้ความเห็นผ่านการสัมมนาเมื่อวันที่ 9 กันยายน 2562 "
            "และสำนักงานนำข้อเสนอไปประกอบการวางแผนพัฒนาการศึกษา\n\n"
            + sample_note(
                "จำนวนผู้เข้าร่วมแยกตามกลุ่ม ข้อความวิเคราะห์ บทเรียน และข้อเสนอแนะในรายงานนี้เป็นข้อมูลสมมติ "
                "ข่าวต้นฉบับรายงานเพียงการสัมมนา วัตถุประสงค์ กลุ่มที่เชิญ และผู้เข้าร่วม 103 คน"
            ),
            "lessons": "การเชิญผ่านประธานกลุ่มโรงเรียนทำให้ได้ผู้เข้าร่วมครบทุกกลุ่ม แต่ผู้ปกครองยังมีส่วนร่วมน้อย",
            "recommendations": "จัดเวทีรับฟังความคิดเห็นของผู้ปกครองอย่างน้อยภาคเรียนละครั้ง\n"
            "รายงานความคืบหน้าการป้องกันการทุจริตต่อเครือข่ายทุกภาคเรียน",
        },
    )
    cycle_services.summary_submit(summary=plan.summary, actor=staff)
    cycle_services.summary_approve(
        summary=plan.summary, actor=director, name=singburi.director_name, position=singburi.director_position
    )
    # Date the plan, its submission and the approval in fiscal year 2562, not on the day the demo was loaded.
    Plan.objects.filter(pk=plan.pk).update(created_at=SUBMITTED.replace(year=2018, month=10, day=1))
    YearSummary.objects.filter(pk=plan.summary.pk).update(submitted_at=SUBMITTED, approved_at=APPROVED)
    SummaryVersion.objects.filter(summary=plan.summary).update(submitted_at=SUBMITTED, decided_at=APPROVED)
    return plan


def _chainat_running_year(chainat: Office) -> Plan:
    year = current_fiscal_year()
    running = Plan.objects.filter(office=chainat, fiscal_year=year).first()
    if running is not None:
        return running
    chainat_staff = get_user_model().objects.get(username="chainat-staff")
    running = cycle_services.plan_create(office=chainat, fiscal_year=year, actor=chainat_staff)
    running.steps.filter(step=CycleStep.REVIEW).update(status=PlanStep.Status.DONE, responsible="กลุ่มนโยบายและแผน")
    running.steps.filter(step=CycleStep.PUBLISH).update(status=PlanStep.Status.IN_PROGRESS, responsible="กลุ่มอำนวยการ")
    cycle_services.plan_targets_set(
        plan=running,
        actor=chainat_staff,
        targets=[(group, "", "เว็บไซต์และบอร์ดประชาสัมพันธ์") for group in chainat.stakeholder_groups.all()[:4]],
    )
    return running
