"""Demo meetings of the source documents, with attendance by group and follow-up."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from participation.demo import MOE_DATE_NOTE, sample_note
from participation.meetings.models import FollowUpAction, Meeting, MeetingAttendance
from participation.models import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple as P
from participation.vocabularies import ParticipationLevel as L


def _at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))


@transaction.atomic
def seed_meetings() -> list:
    """The meetings of the source documents, with attendance by group, and one coming hearing."""

    def groups(slug):
        return list(StakeholderGroup.objects.filter(office__slug=slug).order_by("position"))

    singburi = groups("singburi")
    loei = groups("loei1")
    moe = groups("ops-moe")
    chainat = groups("chainat")
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    items = [
        {
            "office": "singburi",
            "title": "สัมมนาภาคีเครือข่ายตามแนวทางการบริหารราชการแบบมีส่วนร่วม",
            "kind": Meeting.Kind.SEMINAR,
            "starts_at": _at(datetime.date(2019, 9, 9), 8, 30),
            "ends_at": _at(datetime.date(2019, 9, 9), 16, 0),
            "venue": "ห้องประชุมจุฑามาศ ภัตตาคารไพบูลย์ไก่ย่าง",
            "address": "อำเภอเมืองสิงห์บุรี จังหวัดสิงห์บุรี",
            "chair_name": "นายสมบัติ กลิ่นผา",
            "chair_position": "อดีตรองปลัดกระทรวงการท่องเที่ยวและกีฬา",
            "objectives": [
                "แจ้งข่าวสารและสร้างความสัมพันธ์ที่ดีกับภาคีเครือข่ายที่ร่วมวางแผนและตัดสินใจเรื่องการศึกษาของเขตพื้นที่",
                "รับฟังความเห็น ข้อเสนอแนะ และความคาดหวังของทุกภาคส่วน เพื่อวางแผนพัฒนาการศึกษาและป้องกันการทุจริต",
            ],
            "outcomes": "ภาคีเครือข่ายเสนอให้ขยายกิจกรรมปลูกฝังความซื่อสัตย์ในโรงเรียน และให้เขตพื้นที่รายงานความคืบหน้าต่อเครือข่ายเป็นระยะ",
            "participation_level": L.CONSULT,
            "principles": [P.PARTICIPATION, P.TRANSPARENCY],
            "status": Meeting.Status.HELD,
            # Teachers, cluster chairs, media, civil society, monitoring committee, provincial committee: 103.
            "attendance": list(zip(singburi, [40, 13, 10, 15, 12, 13], [40, 13, 10, 15, 12, 13], strict=False)),
            "minutes": sample_note(
                "เวลาเริ่มและเลิก จำนวนผู้เข้าร่วมแยกตามกลุ่ม ผลการสัมมนา และการติดตามผล เป็นข้อมูลสมมติ "
                "ข่าวต้นฉบับระบุเพียงวันที่ สถานที่ ประธาน วัตถุประสงค์ กลุ่มที่เชิญ และยอดรวม 103 คน"
            ),
            "actions": [
                ("สรุปข้อเสนอแนะของภาคีเครือข่ายเสนอกลุ่มนโยบายและแผน", "กลุ่มนโยบายและแผน", FollowUpAction.Status.DONE),
                ("รายงานความคืบหน้าการป้องกันการทุจริตต่อเครือข่ายทุกภาคเรียน", "กลุ่มอำนวยการ", FollowUpAction.Status.IN_PROGRESS),
            ],
        },
        {
            "office": "loei1",
            "title": "ประชุมปฏิบัติการขับเคลื่อนโครงการเขตสุจริต",
            "kind": Meeting.Kind.PLEDGE,
            "starts_at": _at(datetime.date(2019, 4, 25), 8, 30),
            "ends_at": _at(datetime.date(2019, 4, 25), 16, 30),
            "venue": "ห้องประชุมเทพบุญเติม สพป.เลย เขต 1",
            "chair_name": "ดร.รอง ปัญสังกา",
            "chair_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเลย เขต 1",
            "objectives": [
                "ให้บุคลากรแยกแยะประโยชน์ส่วนตนกับประโยชน์ส่วนรวมได้",
                "แลกเปลี่ยนสิ่งที่ได้เรียนรู้จากการศึกษาดูงานเขตสุจริต",
                "ศึกษาความพึงพอใจของผู้รับบริการ",
                "ยกระดับผลการประเมินคุณธรรมและความโปร่งใส (ITA)",
            ],
            "outcomes": "ผู้บริหารและบุคลากรกล่าวคำปฏิญญา ประกาศเจตจำนง และลงนามบันทึกข้อตกลงเขตสุจริต",
            "participation_level": L.INVOLVE,
            "principles": [P.VIRTUE, P.TRANSPARENCY, P.ACCOUNTABILITY],
            "status": Meeting.Status.HELD,
            "attendance": list(zip(loei[:2], [25, 56], [25, 56], strict=False)),  # 81 in all
            "minutes": sample_note("เวลาเริ่มและเลิก และการแบ่งผู้เข้าร่วม 81 คนเป็นสองกลุ่ม เป็นข้อมูลสมมติ ข่าวต้นฉบับระบุเพียงยอดรวม"),
            "actions": [("สำรวจความพึงพอใจของผู้รับบริการ", "กลุ่มอำนวยการ", FollowUpAction.Status.DONE)],
        },
        {
            "office": "ops-moe",
            "title": "ประชุมเชิงปฏิบัติการส่งเสริมการมีส่วนร่วมในการปฏิบัติราชการ",
            "kind": Meeting.Kind.WORKSHOP,
            "starts_at": _at(datetime.date(2020, 12, 22), 9, 0),
            "ends_at": _at(datetime.date(2020, 12, 25), 16, 0),
            "venue": "สถาบันพัฒนาครู คณาจารย์ และบุคลากรทางการศึกษา (สคบศ.)",
            "chair_name": "นายสมภพ อุณหชาติ",
            "chair_position": "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร สป.",
            "objectives": [
                "สร้างความเข้าใจหลักการและระดับการมีส่วนร่วมตามแนวทางของสำนักงาน ก.พ.ร.",
                "ออกแบบกระบวนการและจัดทำแผนส่งเสริมการมีส่วนร่วม ปีงบประมาณ พ.ศ. 2564",
            ],
            "outcomes": "ได้ร่างแผนส่งเสริมการมีส่วนร่วมในการปฏิบัติราชการของ สป. ประจำปีงบประมาณ พ.ศ. 2564",
            "participation_level": L.INVOLVE,
            "principles": [P.PARTICIPATION, P.EFFICIENCY],
            "status": Meeting.Status.HELD,
            "attendance": [(group, 0, None) for group in moe[:2]],
            "minutes": MOE_DATE_NOTE + "\n\n" + sample_note("เวลาเริ่มและเลิกเป็นข้อมูลสมมติ"),
            "actions": [],
        },
        {
            "office": "ratchaburi1",
            "title": "ประชุมสมาชิกกลุ่มโปร่งใสใจธรรมาภิบาล",
            "kind": Meeting.Kind.COMMITTEE,
            "starts_at": _at(datetime.date(2015, 6, 26), 13, 30),
            "ends_at": _at(datetime.date(2015, 6, 26), 16, 0),
            "venue": "สพป.ราชบุรี เขต 1",
            "objectives": ["แต่งตั้งคณะกรรมการดำเนินงานของกลุ่ม", "กำหนดแนวปฏิบัติของสมาชิกตามหลักธรรมาภิบาล"],
            "participation_level": L.COLLABORATE,
            "principles": list(P.values),
            "status": Meeting.Status.HELD,
            "attendance": [],
            "minutes": sample_note(
                "ข่าวต้นฉบับเป็นบทความความเป็นมาของกลุ่ม ลงวันที่ 26 มิถุนายน 2558 ไม่ได้ระบุการประชุมครั้งนี้ วันเวลาประชุมจึงเป็นข้อมูลสมมติ"
            ),
            "actions": [],
        },
        {
            "office": "chainat",
            "title": "เวทีรับฟังความคิดเห็นต่อร่างแผนพัฒนาการศึกษา",
            "kind": Meeting.Kind.HEARING,
            "starts_at": _at(next_month, 9, 0),
            "ends_at": _at(next_month, 12, 0),
            "venue": "ห้องประชุม สพป.ชัยนาท",
            "objectives": ["ชี้แจงร่างแผนพัฒนาการศึกษา", "รับฟังข้อเสนอแนะของผู้ปกครอง ชุมชน และภาคเอกชน"],
            "participation_level": L.CONSULT,
            "principles": [P.PARTICIPATION, P.TRANSPARENCY],
            "status": Meeting.Status.PLANNED,
            "registration_open": True,
            "capacity": 60,
            "attendance": list(zip(chainat[2:5], [25, 20, 12], [None, None, None], strict=False)),
            "minutes": sample_note("เวทีนี้ วันเวลา และจำนวนผู้ได้รับเชิญแต่งขึ้นเพื่อสาธิตการลงทะเบียนล่วงหน้า"),
            "actions": [],
        },
    ]
    meetings = []
    for data in items:
        data = dict(data)
        office = Office.objects.get(slug=data.pop("office"))
        attendance, actions = data.pop("attendance"), data.pop("actions")
        meeting, _ = Meeting.objects.update_or_create(office=office, title=data["title"], defaults=data)
        for group, invited, attended in attendance:
            MeetingAttendance.objects.update_or_create(
                meeting=meeting, group=group, defaults={"invited": invited, "attended": attended}
            )
        for position, (description, owner, status) in enumerate(actions):
            FollowUpAction.objects.update_or_create(
                meeting=meeting,
                description=description,
                defaults={"office": office, "owner": owner, "status": status, "position": position},
            )
        meetings.append(meeting)
    return meetings
