"""Demo working groups from the source documents: the Ratchaburi 1 transparency group, the Sing Buri
monitoring committee and a Chai Nat citizen working group. Every member's name is invented and
marked as sample data; none is shown publicly except where the demo says the person agreed."""

import datetime

from django.db import transaction
from django.utils import timezone

from participation.demo import sample_note
from participation.fiscal import current_fiscal_year
from participation.groups.models import (
    AppointmentOrder,
    Award,
    Criterion,
    GroupActivity,
    GroupMember,
    Score,
    WorkingGroup,
    ranked,
)
from participation.models import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple as P
from participation.vocabularies import ParticipationLevel as L

R = GroupMember.Role
UNSIGNED = "…………………………………"  # an office without a director's name on record: a line to sign on

GROUPS = [
    {
        "office": "ratchaburi1",
        "kind": WorkingGroup.Kind.INTEGRITY,
        "name": "กลุ่มโปร่งใสใจธรรมาภิบาล สพป.ราชบุรี เขต 1",
        "purpose": (
            "ชวนบุคลากรของเขตพื้นที่ร่วมกันทำงานตามภารกิจหลักอย่างโปร่งใส ตรวจสอบได้ "
            "และยึดหลักธรรมาภิบาลทั้งหกประการเป็นค่านิยมในการให้บริการ"
        ),
        "participation_level": L.COLLABORATE,
        "principles": list(P.values),
        "founded_on": datetime.date(2015, 6, 26),
        "join_open": True,
        "practices": [
            "ทำงานให้ได้มาตรฐาน ด้วยหลักคุณธรรม ประสิทธิภาพ การมีส่วนร่วม และความพร้อมรับผิด",
            "ปฏิบัติตามระเบียบของทางราชการและของเขตพื้นที่ โดยยึดหลักนิติธรรม",
            "ให้บริการด้วยความเสมอภาค โปร่งใส และเปิดให้ผู้รับบริการมีส่วนร่วม",
            "ชวนเพื่อนร่วมงานและหน่วยงานอื่นมาร่วมเป็นเครือข่ายความโปร่งใส",
        ],
        "groups": [0],
        "members": [
            ("นางสาวตัวอย่าง ใจซื่อ", "นักวิเคราะห์นโยบายและแผน", R.CHAIR, True),
            ("นายสมมุติ ตรงไปตรงมา", "นักวิชาการเงินและบัญชี", R.VICE_CHAIR, True),
            ("นางทดลอง โปร่งใส", "นักทรัพยากรบุคคล", R.MEMBER, False),
            ("นายจำลอง เที่ยงธรรม", "ศึกษานิเทศก์", R.MEMBER, False),
            ("นางสาวสาธิต ใส่ใจ", "เจ้าพนักงานธุรการ", R.SECRETARY, True),
        ],
        "order": ("45/2558", "แต่งตั้งคณะกรรมการดำเนินงานกลุ่มโปร่งใสใจธรรมาภิบาล", datetime.date(2015, 7, 1)),
        "activities": [
            (GroupActivity.Kind.MEETING, "ประชุมสมาชิกและกำหนดแนวปฏิบัติของกลุ่ม", 0, 24),
            (GroupActivity.Kind.TRAINING, "อบรมการให้บริการอย่างโปร่งใสตามหลักธรรมาภิบาล", 40, 38),
            (GroupActivity.Kind.ACTIVITY, "เผยแพร่แนวปฏิบัติของกลุ่มทางเว็บไซต์และเพจของเขตพื้นที่", 75, None),
        ],
        "criteria": [("ปฏิบัติตามแนวปฏิบัติของกลุ่ม", 10), ("ร่วมกิจกรรมของกลุ่ม", 10), ("ความคิดสร้างสรรค์", 10)],
        "award": ("สมาชิกต้นแบบความโปร่งใส", "ปฏิบัติตามแนวทางของกลุ่มอย่างสร้างสรรค์และเป็นแบบอย่างแก่เพื่อนร่วมงาน"),
    },
    {
        "office": "singburi",
        "kind": WorkingGroup.Kind.COMMITTEE,
        "name": "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.) สพป.สิงห์บุรี",
        "purpose": "ติดตาม ตรวจสอบ และประเมินผลการจัดการศึกษาของเขตพื้นที่ และให้ข้อเสนอแนะต่อการพัฒนาคุณภาพ",
        "participation_level": L.INVOLVE,
        "principles": [P.ACCOUNTABILITY, P.PARTICIPATION, P.TRANSPARENCY],
        "founded_on": datetime.date(2019, 1, 15),
        "join_open": False,
        "practices": [
            "ประชุมอย่างน้อยภาคเรียนละหนึ่งครั้ง",
            "รายงานผลการติดตามต่อเขตพื้นที่และภาคีเครือข่ายเป็นลายลักษณ์อักษร",
        ],
        "groups": [4],
        "members": [
            ("นายตัวอย่าง ประเมินดี", "ผู้ทรงคุณวุฒิด้านการศึกษา", R.CHAIR, False),
            ("นางสมมุติ ติดตามผล", "ผู้แทนผู้ปกครอง", R.MEMBER, False),
            ("นายทดลอง นิเทศก์", "ศึกษานิเทศก์", R.SECRETARY, False),
        ],
        "order": None,
        "activities": [(GroupActivity.Kind.MEETING, "ประชุมติดตามผลการจัดการศึกษาภาคเรียนที่ 1", 20, 9)],
        "criteria": [],
        "award": None,
    },
    {
        "office": "chainat",
        "kind": WorkingGroup.Kind.CITIZEN,
        "name": "คณะทำงานภาคประชาชนเพื่อการศึกษา จังหวัดชัยนาท",
        "purpose": "ให้ผู้ปกครองและชุมชนร่วมวางแผน ร่วมดำเนินงาน และติดตามความคืบหน้าของโครงการของเขตพื้นที่",
        "participation_level": L.INVOLVE,
        "principles": [P.PARTICIPATION, P.ACCOUNTABILITY],
        "founded_on": datetime.date(2024, 11, 1),
        "join_open": True,
        "practices": ["ประชุมทุกสองเดือน", "แจ้งผลการติดตามให้ชุมชนทราบทุกครั้ง"],
        "groups": [2],
        "members": [
            ("นางตัวอย่าง รักถิ่น", "ผู้แทนผู้ปกครอง", R.CHAIR, True),
            ("นายสมมุติ ชุมชนดี", "ผู้แทนชุมชน", R.MEMBER, False),
        ],
        "order": None,
        "activities": [(GroupActivity.Kind.MEETING, "ประชุมคณะทำงานครั้งแรก ร่วมวางแผนโครงการปีงบประมาณ", 30, 12)],
        "criteria": [],
        "award": None,
    },
]


@transaction.atomic
def seed_groups() -> list[WorkingGroup]:
    """The demo groups (idempotent: a group of the same name is replaced with its members and records)."""
    made = []
    this_year = current_fiscal_year()
    for data in GROUPS:
        office = Office.objects.filter(slug=data["office"]).first()
        if office is None:
            continue
        stakeholder_groups = list(StakeholderGroup.objects.for_office(office).order_by("position", "pk"))
        existing = WorkingGroup.objects.for_office(office).filter(name=data["name"]).first()
        if existing is not None:
            Award.objects.filter(group=existing).delete()
            existing.delete()
        group = WorkingGroup.objects.create(
            office=office,
            **{key: data[key] for key in ("kind", "name", "purpose", "participation_level", "principles")},
            **{key: data[key] for key in ("founded_on", "join_open", "practices")},
        )
        group.stakeholder_groups.set([stakeholder_groups[i] for i in data["groups"] if i < len(stakeholder_groups)])
        drawn = stakeholder_groups[data["groups"][0]] if data["groups"][0] < len(stakeholder_groups) else None
        members = [
            GroupMember.objects.create(
                group=group,
                name=name,
                position=position,
                role=role,
                name_public=public,
                stakeholder_group=drawn,
                origin=GroupMember.Origin.STAFF if data["kind"] == WorkingGroup.Kind.INTEGRITY else "network",
                term_starts_on=data["founded_on"],
                is_sample=True,
            )
            for name, position, role, public in data["members"]
        ]
        if data["order"]:
            number, subject, issued_on = data["order"]
            AppointmentOrder.objects.create(
                group=group,
                number=number,
                subject=subject,
                body=group.purpose,
                issued_on=issued_on,
                signer_name=office.director_name or UNSIGNED,
                signer_position=office.director_position,
                members=[{"name": m.name, "position": m.position, "role": m.role} for m in ranked(members)],
            )
        # Activities of this fiscal year, so that they show in step 4 of the current plan.
        start = max(datetime.date(this_year - 544, 10, 1), data["founded_on"])
        for kind, title, days_in, participants in data["activities"]:
            GroupActivity.objects.create(
                group=group,
                kind=kind,
                title=title,
                held_on=min(start + datetime.timedelta(days=days_in), timezone.localdate()),
                record=sample_note("สมาชิกร่วมกันสรุปสิ่งที่ทำและสิ่งที่จะทำต่อ"),
                participants=participants,
            )
        criteria = [
            Criterion.objects.create(group=group, name=name, max_score=top, position=i)
            for i, (name, top) in enumerate(data["criteria"])
        ]
        for i, member in enumerate(members):
            for criterion in criteria:
                Score.objects.create(
                    member=member, criterion=criterion, fiscal_year=this_year, score=max(criterion.max_score - i, 0)
                )
        if data["award"]:
            title, citation = data["award"]
            Award.objects.create(
                group=group,
                member=members[0],
                title=title,
                citation=citation,
                fiscal_year=this_year,
                awarded_on=timezone.localdate(),
                signer_name=office.director_name or UNSIGNED,
                signer_position=office.director_position,
            )
        made.append(group)
    return made
