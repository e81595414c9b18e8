"""The demo hearing: Chai Nat puts its draft education development plan to the public, hears
parents, teachers, communities and businesses, and publishes its report with the revised draft."""

import datetime

from django.db import transaction
from django.utils import timezone

from participation.demo import sample_note
from participation.hearings.models import Hearing, HearingComment, HearingSection, HearingTheme, split_sections
from participation.models import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple as P
from participation.vocabularies import ParticipationLevel as L

TITLE = "ร่างแผนพัฒนาการศึกษาขั้นพื้นฐาน สพป.ชัยนาท (พ.ศ. 2568–2570)"

DRAFT = """\
แผนนี้กำหนดทิศทางการจัดการศึกษาขั้นพื้นฐานของโรงเรียนในสังกัดสำหรับสามปีข้างหน้า

## วิสัยทัศน์
ผู้เรียนทุกคนได้รับการศึกษาที่มีคุณภาพ มีทักษะการเรียนรู้ตลอดชีวิต และเป็นพลเมืองดีของจังหวัดชัยนาท

## ยุทธศาสตร์ที่ 1 คุณภาพผู้เรียน
ยกระดับผลสัมฤทธิ์ด้านการอ่าน การเขียน และคณิตศาสตร์ของนักเรียนชั้นประถมศึกษา
จัดกิจกรรมซ่อมเสริมในโรงเรียนที่ผลการทดสอบระดับชาติต่ำกว่าค่าเฉลี่ยของจังหวัด

## ยุทธศาสตร์ที่ 2 โรงเรียนขนาดเล็ก
ควบรวมโรงเรียนที่มีนักเรียนน้อยกว่า 60 คน ภายในปี พ.ศ. 2569
จัดรถรับส่งนักเรียนไปยังโรงเรียนแห่งใหม่

## ยุทธศาสตร์ที่ 3 การมีส่วนร่วม
ให้คณะกรรมการสถานศึกษาร่วมจัดทำแผนปฏิบัติการประจำปีของโรงเรียน
"""

REVISED = """\
แผนนี้กำหนดทิศทางการจัดการศึกษาขั้นพื้นฐานของโรงเรียนในสังกัดสำหรับสามปีข้างหน้า

## วิสัยทัศน์
ผู้เรียนทุกคนได้รับการศึกษาที่มีคุณภาพ มีทักษะการเรียนรู้ตลอดชีวิต และเป็นพลเมืองดีของจังหวัดชัยนาท

## ยุทธศาสตร์ที่ 1 คุณภาพผู้เรียน
ยกระดับผลสัมฤทธิ์ด้านการอ่าน การเขียน และคณิตศาสตร์ของนักเรียนชั้นประถมศึกษา
จัดกิจกรรมซ่อมเสริมในโรงเรียนที่ผลการทดสอบระดับชาติต่ำกว่าค่าเฉลี่ยของจังหวัด
ร่วมกับสถานประกอบการในจังหวัดจัดกิจกรรมฝึกทักษะอาชีพให้นักเรียนชั้นประถมศึกษาปีที่ 6

## ยุทธศาสตร์ที่ 2 โรงเรียนขนาดเล็ก
พิจารณาควบรวมโรงเรียนที่มีนักเรียนน้อยกว่า 60 คน เป็นรายโรงเรียน หลังรับฟังผู้ปกครองและชุมชนของแต่ละโรงเรียน
จัดรถรับส่งนักเรียนไปยังโรงเรียนแห่งใหม่ โดยไม่เก็บค่าใช้จ่ายจากผู้ปกครอง
โรงเรียนที่ชุมชนขอให้คงไว้ จัดครูเคลื่อนที่และการเรียนทางไกลเสริม

## ยุทธศาสตร์ที่ 3 การมีส่วนร่วม
ให้คณะกรรมการสถานศึกษาร่วมจัดทำแผนปฏิบัติการประจำปีของโรงเรียน
รายงานความคืบหน้าของแผนต่อผู้ปกครองและชุมชนทุกภาคเรียน
"""

# (section heading or "" for the whole draft, group index, name, organisation, text, theme index or None)
COMMENTS = [
    (
        "ยุทธศาสตร์ที่ 2 โรงเรียนขนาดเล็ก",
        2,
        "นางสมใจ ใจดี",
        "",
        "บ้านอยู่ไกลจากโรงเรียนแห่งใหม่เกือบ 15 กิโลเมตร ถ้าควบรวมขอให้มีรถรับส่งที่ไม่ต้องเสียเงิน",
        0,
    ),
    (
        "ยุทธศาสตร์ที่ 2 โรงเรียนขนาดเล็ก",
        3,
        "",
        "องค์การบริหารส่วนตำบลหาดท่าเสา",
        "โรงเรียนเป็นศูนย์กลางของหมู่บ้าน ขอให้ถามชุมชนแต่ละแห่งก่อนตัดสินใจควบรวม",
        0,
    ),
    ("ยุทธศาสตร์ที่ 2 โรงเรียนขนาดเล็ก", 2, "", "", "เห็นด้วยกับการควบรวม ลูกจะได้มีเพื่อนและครูครบชั้น", 0),
    (
        "ยุทธศาสตร์ที่ 1 คุณภาพผู้เรียน",
        0,
        "นายวิชัย สอนดี",
        "โรงเรียนบ้านหนองแซง",
        "กิจกรรมซ่อมเสริมควรมีงบประมาณจ้างครูพี่เลี้ยง ไม่ใช่เพิ่มภาระครูประจำชั้น",
        1,
    ),
    ("ยุทธศาสตร์ที่ 1 คุณภาพผู้เรียน", 4, "", "หอการค้าจังหวัดชัยนาท", "สถานประกอบการยินดีรับนักเรียนไปฝึกทักษะอาชีพระยะสั้น", 1),
    ("ยุทธศาสตร์ที่ 3 การมีส่วนร่วม", 2, "", "", "อยากให้โรงเรียนแจ้งความคืบหน้าให้ผู้ปกครองทราบเป็นระยะ ไม่ใช่แค่ตอนประชุมต้นปี", 2),
    ("", 3, "นายประเสริฐ รักถิ่น", "ผู้ใหญ่บ้าน", "ขอบคุณที่เปิดให้แสดงความคิดเห็นทางเว็บไซต์ สะดวกกว่าการเดินทางมาประชุม", 2),
    ("", None, "", "", "ควรแปลแผนเป็นภาษาที่เข้าใจง่ายสำหรับผู้ปกครอง", 2),
]

THEMES = [
    (
        "การควบรวมโรงเรียนขนาดเล็ก",
        "ผู้ปกครองและชุมชนกังวลเรื่องระยะทางและค่าเดินทาง และขอให้ตัดสินใจเป็นรายโรงเรียน",
        "สำนักงานเปลี่ยนเป็นการพิจารณาเป็นรายโรงเรียนหลังรับฟังชุมชน จัดรถรับส่งโดยไม่เก็บค่าใช้จ่าย และจัดครูเคลื่อนที่ให้โรงเรียนที่ชุมชนขอให้คงไว้",
    ),
    (
        "คุณภาพผู้เรียนและทักษะอาชีพ",
        "ครูขอให้มีผู้ช่วยสอนซ่อมเสริม ภาคเอกชนเสนอรับนักเรียนฝึกทักษะอาชีพ",
        "เพิ่มกิจกรรมฝึกทักษะอาชีพร่วมกับสถานประกอบการ และจะเสนอของบประมาณจ้างครูพี่เลี้ยงในปีถัดไป",
    ),
    (
        "การสื่อสารกับผู้ปกครองและชุมชน",
        "ผู้ปกครองอยากทราบความคืบหน้าเป็นระยะ และอยากได้เอกสารที่อ่านง่าย",
        "โรงเรียนจะรายงานความคืบหน้าทุกภาคเรียน และสำนักงานจัดทำสรุปแผนฉบับอ่านง่ายเผยแพร่บนเว็บไซต์",
    ),
]


@transaction.atomic
def seed_hearings() -> list[Hearing]:
    """The Chai Nat hearing with its comments and published report (idempotent)."""
    office = Office.objects.get(slug="chainat")
    groups = list(StakeholderGroup.objects.filter(office=office).order_by("position"))
    closes = timezone.now().replace(hour=16, minute=30, second=0, microsecond=0) - datetime.timedelta(days=20)
    opens = closes - datetime.timedelta(days=21, hours=7, minutes=30)
    hearing, _ = Hearing.objects.update_or_create(
        office=office,
        title=TITLE,
        defaults={
            "purpose": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาทขอรับฟังความคิดเห็นต่อร่างแผนพัฒนาการศึกษา "
            "ก่อนเสนอคณะกรรมการศึกษาธิการจังหวัดพิจารณา โดยเฉพาะเรื่องโรงเรียนขนาดเล็กและคุณภาพผู้เรียน\n\n"
            + sample_note("ร่างแผน ความคิดเห็น ชื่อผู้แสดงความคิดเห็น และรายงานผลของเวทีนี้แต่งขึ้นเพื่อสาธิต"),
            "draft": DRAFT,
            "revised_draft": REVISED,
            "questions": [
                "ท่านเห็นด้วยกับการควบรวมโรงเรียนขนาดเล็กหรือไม่ และมีเงื่อนไขอะไร",
                "กิจกรรมใดจะช่วยยกระดับการอ่านและคณิตศาสตร์ของนักเรียนในชุมชนของท่าน",
            ],
            "participation_level": L.CONSULT,
            "principles": [P.PARTICIPATION, P.TRANSPARENCY, P.ACCOUNTABILITY],
            "channels": [Hearing.Channel.WEBSITE, Hearing.Channel.MEETING, Hearing.Channel.NOTICE_BOARD],
            "opens_at": opens,
            "closes_at": closes,
            "moderation": Hearing.Moderation.PRE,
            "status": Hearing.Status.REPORTED,
            "report_summary": "มีผู้แสดงความคิดเห็นทางเว็บไซต์และในเวทีรับฟัง ส่วนใหญ่เป็นผู้ปกครองและชุมชน "
            "ประเด็นที่มีผู้แสดงความคิดเห็นมากที่สุดคือการควบรวมโรงเรียนขนาดเล็ก",
            "changes_summary": "ปรับยุทธศาสตร์ที่ 2 ให้พิจารณาการควบรวมเป็นรายโรงเรียน เพิ่มกิจกรรมฝึกทักษะอาชีพในยุทธศาสตร์ที่ 1 "
            "และเพิ่มการรายงานความคืบหน้าต่อผู้ปกครองในยุทธศาสตร์ที่ 3",
            "opened_at": opens,
            "closed_at": closes,
            "reported_at": closes + datetime.timedelta(days=10),
        },
    )
    hearing.target_groups.set(groups[2:5])
    if not hearing.sections.exists():
        HearingSection.objects.bulk_create(
            HearingSection(hearing=hearing, position=position, heading=heading, body=body)
            for position, (heading, body) in enumerate(split_sections(DRAFT))
        )
    sections = {section.heading: section for section in hearing.sections.all()}
    themes = []
    for position, (title, summary, response) in enumerate(THEMES):
        theme, _ = HearingTheme.objects.update_or_create(
            hearing=hearing, title=title, defaults={"summary": summary, "response": response, "position": position}
        )
        themes.append(theme)
    for index, (heading, group, name, organisation, body, theme) in enumerate(COMMENTS):
        comment, _ = HearingComment.objects.update_or_create(
            hearing=hearing,
            body=body,
            defaults={
                "section": sections.get(heading),
                "group": groups[group] if group is not None and group < len(groups) else None,
                "name": name,
                "organisation": organisation,
                "status": HearingComment.Status.PUBLISHED,
                "theme": themes[theme] if theme is not None else None,
                "moderated_at": opens + datetime.timedelta(days=index + 1),
            },
        )
        # The demo's comments arrived during the hearing, not when the demo was loaded.
        HearingComment.objects.filter(pk=comment.pk).update(created_at=opens + datetime.timedelta(days=index, hours=3))
    return [hearing]
