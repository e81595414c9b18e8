"""Demo cycles: Sing Buri's closed year and Chai Nat's running one."""

from django.contrib.auth import get_user_model
from django.db import transaction

from participation import evidence
from participation.cycle import services as cycle_services
from participation.cycle.models import Plan, PlanStep
from participation.fiscal import current_fiscal_year
from participation.models import Office
from participation.vocabularies import CycleStep

# The fiscal year of the Sing Buri seminar of 9 September 2562 (source document 000).
SEMINAR_FISCAL_YEAR = 2562


@transaction.atomic
def seed_cycle() -> list:
    """Sing Buri's closed cycle (last year, approved, with its seminar as step-4 evidence) and
    Chai Nat's running one (this year, in progress)."""

    User = get_user_model()
    year = current_fiscal_year()
    singburi, chainat = Office.objects.get(slug="singburi"), Office.objects.get(slug="chainat")
    staff, director = User.objects.get(username="singburi-staff"), User.objects.get(username="singburi-director")
    plans = []
    last = Plan.objects.filter(office=singburi, fiscal_year=year - 1).first()
    if last is None:
        last = cycle_services.plan_create(office=singburi, fiscal_year=year - 1, actor=staff)
        # The Sing Buri seminar of 9 September 2562 (source document 000), found through the
        # meetings' evidence source, is attached by hand as step-4 evidence of the closed year.
        meetings = evidence.source("meetings")
        held = meetings.collect(singburi, SEMINAR_FISCAL_YEAR) if meetings else []
        seminar = min(held, key=lambda item: (item.date, item.item_id), default=None)
        if seminar is not None:
            cycle_services.evidence_attach(
                plan=last, actor=staff, step=CycleStep.INVOLVE, source="meetings", item_id=seminar.item_id
            )
        cycle_services.plan_targets_set(
            plan=last,
            actor=staff,
            targets=[(group, "ภาคีที่ร่วมกำหนดทิศทางการศึกษาของจังหวัด", "หนังสือเชิญ เว็บไซต์ และกลุ่ม LINE")
                     for group in singburi.stakeholder_groups.all()],
        )  # fmt: skip
        last.steps.update(status=PlanStep.Status.DONE)
        cycle_services.summary_save(
            summary=last.summary,
            actor=staff,
            data={
                "analysis": "ภาคีเครือข่ายทั้งหกกลุ่มได้ร่วมให้ความเห็นผ่านการสัมมนา และสำนักงานนำข้อเสนอไปปรับแผนพัฒนาการศึกษา",
                "lessons": "การเชิญผ่านประธานกลุ่มโรงเรียนทำให้ได้ผู้เข้าร่วมครบทุกกลุ่ม แต่ผู้ปกครองยังมีส่วนร่วมน้อย",
                "recommendations": "จัดเวทีรับฟังความคิดเห็นของผู้ปกครองอย่างน้อยภาคเรียนละครั้ง\n"
                "รายงานความคืบหน้าการป้องกันการทุจริตต่อเครือข่ายทุกภาคเรียน",
            },
        )
        cycle_services.summary_submit(summary=last.summary, actor=staff)
        cycle_services.summary_approve(
            summary=last.summary,
            actor=director,
            name=singburi.director_name,
            position=singburi.director_position,
        )
    plans.append(last)
    running = Plan.objects.filter(office=chainat, fiscal_year=year).first()
    if running is None:
        chainat_staff = User.objects.get(username="chainat-staff")
        running = cycle_services.plan_create(office=chainat, fiscal_year=year, actor=chainat_staff)
        running.steps.filter(step=CycleStep.REVIEW).update(status=PlanStep.Status.DONE, responsible="กลุ่มนโยบายและแผน")
        running.steps.filter(step=CycleStep.PUBLISH).update(
            status=PlanStep.Status.IN_PROGRESS, responsible="กลุ่มอำนวยการ"
        )
        cycle_services.plan_targets_set(
            plan=running,
            actor=chainat_staff,
            targets=[(group, "", "เว็บไซต์และบอร์ดประชาสัมพันธ์") for group in chainat.stakeholder_groups.all()[:4]],
        )
    plans.append(running)
    return plans
