"""Demo announcements and news, told in our own words from the five source documents."""

import datetime
import zoneinfo

from django.db import transaction

from announcements.models import Announcement, Channel, Revision
from announcements.services import snapshot_of
from participation.demo import MOE_DATE_NOTE
from participation.models import Office
from participation.vocabularies import GovernancePrinciple as P
from participation.vocabularies import ParticipationLevel as L

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")

CHAINAT_MEASURES = """\
สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาทเห็นว่างานของสำนักงานจะมีคุณภาพและโปร่งใสยิ่งขึ้น \
เมื่อประชาชนและผู้มีส่วนได้ส่วนเสียได้รู้ ได้ร่วมคิด และได้ร่วมติดตามการทำงาน \
ทั้งนี้ เพื่อให้สอดคล้องกับรัฐธรรมนูญแห่งราชอาณาจักรไทย พ.ศ. 2560 ที่ให้ประชาชนมีบทบาทในการตรวจสอบการใช้อำนาจรัฐ \
และกับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ที่ดำเนินการมาตั้งแต่ปีงบประมาณ พ.ศ. 2557

สำนักงานจึงกำหนดให้การเปิดโอกาสให้ประชาชนมีส่วนร่วมเป็นไปตามขั้นตอน 5 ขั้น ดังนี้

1. **ทบทวน** ผลการดำเนินงานและข้อเสนอแนะของปีที่ผ่านมาเทียบกับภารกิจหลักและยุทธศาสตร์ของสำนักงาน \
และระบุกลุ่มเป้าหมายและผู้มีส่วนได้ส่วนเสียที่เกี่ยวข้องให้ครบถ้วน
2. **เผยแพร่** ข้อมูลโครงการ แผนงาน และกิจกรรม ผ่านหลายช่องทาง เช่น สิ่งพิมพ์ นิทรรศการ วารสาร จดหมายข่าว \
การแถลงข่าว บอร์ดประชาสัมพันธ์ เว็บไซต์ และสื่อสังคมออนไลน์
3. **รับฟังความคิดเห็น** โดยจัดช่องทางและกระบวนการให้กลุ่มเป้าหมายได้ให้ข้อมูล ข้อเท็จจริง และความเห็น \
ก่อนการตัดสินใจ
4. **ร่วมดำเนินงาน** โดยเปิดให้ประชาชนและผู้มีส่วนได้ส่วนเสียร่วมวางแผน เสนอแนะ ลงมือทำ และติดตามความก้าวหน้า \
รวมถึงคณะทำงานภาคประชาชน และแจ้งผลให้ทราบอย่างชัดเจน
5. **สรุปผล** การดำเนินงานแบบมีส่วนร่วม วิเคราะห์เป็นแนวทางและแผนงานของปีงบประมาณถัดไป \
แล้วเสนอผู้บริหารพิจารณาให้ความเห็นชอบ

จึงประกาศให้ทราบโดยทั่วกัน
"""

SINGBURI_SEMINAR = """\
เมื่อวันที่ 9 กันยายน 2562 สพป.สิงห์บุรี เชิญภาคีเครือข่ายมาร่วมสัมมนาตามแนวทางการบริหารราชการแบบมีส่วนร่วม \
ณ ห้องประชุมจุฑามาศ ภัตตาคารไพบูลย์ไก่ย่าง อำเภอเมืองสิงห์บุรี โดยมีนายสมบัติ กลิ่นผา \
อดีตรองปลัดกระทรวงการท่องเที่ยวและกีฬา เป็นประธาน

การสัมมนามีเป้าหมายสองข้อ ข้อแรก เพื่อแจ้งข่าวสารและกระชับความสัมพันธ์กับเครือข่ายที่ช่วยวางแผน \
ตัดสินใจ และกำหนดนโยบายการศึกษาของเขตพื้นที่ ข้อสอง เพื่อรับฟังความเห็น ข้อเสนอแนะ และความคาดหวังของทุกภาคส่วน \
ไปใช้วางแผนพัฒนาการศึกษา ปลูกฝังให้นักเรียนซื่อสัตย์และไม่ทนต่อการทุจริต \
และหาแนวทางป้องกันการทุจริตในสำนักงาน

ผู้เข้าร่วมรวม 103 คน มาจากครูและบุคลากรทางการศึกษา ประธานกลุ่มโรงเรียนทั้ง 13 กลุ่ม เครือข่ายสื่อมวลชน \
เครือข่ายประชาสังคมต่อต้านการทุจริตจังหวัดสิงห์บุรี คณะกรรมการ ก.ต.ป.น. และคณะกรรมการศึกษาธิการจังหวัด
"""

LOEI_INTEGRITY = """\
วันพฤหัสบดีที่ 25 เมษายน 2562 ดร.รอง ปัญสังกา ผู้อำนวยการ สพป.เลย เขต 1 เปิดการประชุมปฏิบัติการ \
ขับเคลื่อนโครงการเขตสุจริต ณ ห้องประชุมเทพบุญเติม

ก่อนเริ่มประชุม ผู้บริหารและบุคลากรร่วมกันสวดมนต์ กล่าวคำปฏิญญาเขตสุจริต ประกาศเจตจำนง \
และลงนามบันทึกข้อตกลง (MOU) ผู้เข้าร่วมทั้งหมด 81 คน

การประชุมมุ่งให้บุคลากรแยกประโยชน์ส่วนตนออกจากประโยชน์ส่วนรวมได้ แลกเปลี่ยนสิ่งที่ได้จากการศึกษาดูงาน \
สำรวจความพึงพอใจของผู้รับบริการ และยกระดับผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของเขตพื้นที่
"""

MOE_WORKSHOP = """\
ระหว่างวันที่ 22–25 ธันวาคม 2563 กลุ่มพัฒนาระบบบริหาร สำนักงานปลัดกระทรวงศึกษาธิการ (กพร.สป.) \
จัดประชุมเชิงปฏิบัติการเรื่องการส่งเสริมการมีส่วนร่วมในการปฏิบัติราชการ ณ สถาบันพัฒนาครู คณาจารย์ \
และบุคลากรทางการศึกษา (สคบศ.) ให้ผู้แทนหน่วยงานส่วนกลางและหน่วยงานส่วนกลางที่ตั้งอยู่ในภูมิภาค

ผู้เข้าร่วมได้เรียนหลักการมีส่วนร่วมตามแนวทางของสำนักงาน ก.พ.ร. ซึ่งแบ่งการมีส่วนร่วมของประชาชนเป็น 5 ระดับ \
คือ ระดับการให้ข้อมูลข่าวสาร (Inform) ระดับการให้คำปรึกษา (Consult) ระดับการเข้ามามีส่วนเกี่ยวข้อง (Involve) \
ระดับการให้ความร่วมมือ (Collaborate) และระดับการส่งเสริมให้ประชาชนเข้ามามีส่วนร่วม (Empower) \
แล้วร่วมกันออกแบบกระบวนการและจัดทำแผนส่งเสริมการมีส่วนร่วมของสำนักงานปลัดกระทรวงศึกษาธิการ \
ประจำปีงบประมาณ พ.ศ. 2564
"""

RATCHABURI_GROUP = """\
สพป.ราชบุรี เขต 1 ตั้งกลุ่มโปร่งใสใจธรรมาภิบาล เพื่อให้บุคลากรทำงานตามภารกิจหลักอย่างเปิดเผย \
ตรวจสอบได้ และเป็นธรรมต่อผู้รับบริการทุกคน โดยยึดหลักธรรมาภิบาล 6 ประการ ได้แก่ หลักความโปร่งใส หลักนิติธรรม \
หลักคุณธรรม หลักการมีส่วนร่วม หลักความพร้อมรับผิด และหลักประสิทธิภาพ

กลุ่มทำงานเป็นวงรอบ คือ ประชาสัมพันธ์และรับสมัครสมาชิก ประชุมสมาชิกและแต่งตั้งคณะกรรมการ \
จัดกิจกรรม อบรม และสัมมนา ประเมินผลและมอบรางวัลแก่สมาชิกที่ปฏิบัติตามแนวทางของกลุ่มได้ดี \
รายงานผลการดำเนินงาน และขยายเครือข่ายผ่านเว็บไซต์และเฟซบุ๊ก
"""

ITEMS = [
    {
        "office": "chainat",
        "kind": Announcement.Kind.ANNOUNCEMENT,
        "subject": "มาตรการและกลไกการมีส่วนร่วมของประชาชนและผู้มีส่วนได้ส่วนเสียในการดำเนินงาน",
        "summary": "ห้าขั้นตอนที่สำนักงานใช้เปิดให้ประชาชนและผู้มีส่วนได้ส่วนเสียมีส่วนร่วม ตั้งแต่การทบทวนจนถึงการสรุปผลเสนอผู้บริหาร",
        "body": CHAINAT_MEASURES,
        "announced_on": datetime.date(2019, 6, 15),
        "signer_name": "นางสาวลออ วิลัย",
        "signer_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        "channels": [Channel.WEBSITE, Channel.NOTICE_BOARD],
        "participation_level": L.INFORM,
        "principles": [P.PARTICIPATION, P.TRANSPARENCY],
    },
    {
        "office": "singburi",
        "kind": Announcement.Kind.NEWS,
        "subject": "สพป.สิงห์บุรี สัมมนาภาคีเครือข่ายตามแนวทางการบริหารราชการแบบมีส่วนร่วม",
        "summary": "ภาคีเครือข่าย 103 คนจากหกกลุ่มร่วมให้ความเห็นต่อการบริหารการศึกษาและการป้องกันการทุจริต",
        "body": SINGBURI_SEMINAR,
        "announced_on": datetime.date(2019, 9, 9),
        "signer_name": "กลุ่มอำนวยการ สพป.สิงห์บุรี",
        "signer_position": "",
        "channels": [Channel.WEBSITE, Channel.FACEBOOK],
        "participation_level": L.CONSULT,
        "principles": [P.PARTICIPATION, P.TRANSPARENCY],
        "all_groups": True,
    },
    {
        "office": "loei1",
        "kind": Announcement.Kind.NEWS,
        "subject": "สพป.เลย เขต 1 ประชุมปฏิบัติการขับเคลื่อนโครงการเขตสุจริต",
        "summary": "บุคลากร 81 คนกล่าวคำปฏิญญา ประกาศเจตจำนง และลงนาม MOU เขตสุจริต",
        "body": LOEI_INTEGRITY,
        "announced_on": datetime.date(2019, 4, 25),
        "signer_name": "",
        "signer_position": "",
        "channels": [Channel.WEBSITE],
        "participation_level": L.INVOLVE,
        "principles": [P.VIRTUE, P.TRANSPARENCY, P.ACCOUNTABILITY],
    },
    {
        "office": "ops-moe",
        "kind": Announcement.Kind.NEWS,
        "subject": "สป.ศธ. จัดประชุมเชิงปฏิบัติการส่งเสริมการมีส่วนร่วมในการปฏิบัติราชการ",
        "summary": "สี่วันของการเรียนรู้ห้าระดับการมีส่วนร่วมและการจัดทำแผนส่งเสริมการมีส่วนร่วม ปีงบประมาณ 2564",
        "body": MOE_WORKSHOP + "\n" + MOE_DATE_NOTE + "\n",
        "announced_on": datetime.date(2020, 12, 25),
        "signer_name": "กลุ่มพัฒนาระบบบริหาร สป.",
        "signer_position": "",
        "channels": [Channel.WEBSITE, Channel.FACEBOOK],
        "participation_level": L.INVOLVE,
        "principles": [P.PARTICIPATION, P.EFFICIENCY],
    },
    {
        "office": "ratchaburi1",
        "kind": Announcement.Kind.NEWS,
        "subject": "ความเป็นมาของกลุ่มโปร่งใสใจธรรมาภิบาล สพป.ราชบุรี เขต 1",
        "summary": "กลุ่มบุคลากรที่ทำงานตามหลักธรรมาภิบาลหกประการ พร้อมวงรอบกิจกรรมของกลุ่ม",
        "body": RATCHABURI_GROUP,
        "announced_on": datetime.date(2015, 6, 26),
        "signer_name": "",
        "signer_position": "",
        "channels": [Channel.WEBSITE, Channel.FACEBOOK],
        "participation_level": L.COLLABORATE,
        "principles": list(P.values),
        "all_groups": True,
    },
]


@transaction.atomic
def seed_announcements() -> list[Announcement]:
    """Create or update the demo announcements, published on their own dates."""
    created = []
    for data in ITEMS:
        data = dict(data)
        office = Office.objects.get(slug=data.pop("office"))
        all_groups = data.pop("all_groups", False)
        published_at = datetime.datetime.combine(data["announced_on"], datetime.time(10, 0), tzinfo=BANGKOK)
        announcement, _ = Announcement.objects.update_or_create(
            office=office,
            subject=data["subject"],
            defaults={**data, "status": Announcement.Status.PUBLISHED, "published_at": published_at},
        )
        if all_groups:
            announcement.target_groups.set(office.stakeholder_groups.all())
        if not announcement.revisions.exists():
            Revision.objects.create(announcement=announcement, number=1, snapshot=snapshot_of(announcement))
        created.append(announcement)
    return created
