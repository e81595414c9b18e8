"""Demo offices, stakeholder groups and accounts, from the five source documents.

Names, dates and figures come from the documents; the descriptions are ours.
Run through `python manage.py seed_demo`; every function is idempotent.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from participation.models import Office, OfficeMembership, StakeholderGroup
from participation.services.offices import membership_set

DEMO_PASSWORD = "demo-portal-2569"

G = StakeholderGroup.Category

OFFICES = [
    {
        "slug": "singburi",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี",
        "name_en": "Sing Buri Primary Educational Service Area Office",
        "short_name_th": "สพป.สิงห์บุรี",
        "short_name_en": "Sing Buri PESAO",
        "kind": Office.Kind.PRIMARY_ESA,
        "province": "สิงห์บุรี",
        "address": "อำเภอเมืองสิงห์บุรี จังหวัดสิงห์บุรี",
        "email": "contact@singburi.example.org",
        "director_name": "ดร.พิเชฐร์ วันทอง",
        "director_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี",
        "groups": [
            (
                G.TEACHERS,
                "ข้าราชการครูและบุคลากรทางการศึกษา",
                "Teachers and education personnel",
                "ครูและบุคลากรในสังกัดที่ทำงานกับนักเรียนและโรงเรียนโดยตรง",
            ),
            (
                G.SCHOOL_DIRECTORS,
                "ประธานกลุ่มโรงเรียน 13 กลุ่ม",
                "Chairs of the 13 school clusters",
                "ผู้อำนวยการโรงเรียนที่เป็นประธานกลุ่มโรงเรียน เป็นตัวแทนโรงเรียนในแต่ละกลุ่ม",
            ),
            (
                G.MEDIA,
                "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี",
                "Sing Buri provincial media network",
                "สื่อท้องถิ่นที่ช่วยเผยแพร่ข่าวสารและสะท้อนเสียงของชุมชน",
            ),
            (
                G.CIVIL_SOCIETY,
                "เครือข่ายประชาสังคมส่งเสริมธรรมาภิบาลต่อต้านการทุจริตจังหวัดสิงห์บุรี",
                "Sing Buri civil-society network for good governance and against corruption",
                "ภาคประชาชนที่ติดตามความโปร่งใสของหน่วยงานรัฐในจังหวัด",
            ),
            (
                G.COMMITTEES,
                "คณะกรรมการติดตาม ตรวจสอบ ประเมินผลและนิเทศการศึกษา (ก.ต.ป.น.)",
                "Education monitoring, evaluation and supervision committee",
                "คณะกรรมการของเขตพื้นที่ที่ติดตามและประเมินคุณภาพการจัดการศึกษา",
            ),
            (
                G.COMMITTEES,
                "คณะกรรมการและคณะอนุกรรมการศึกษาธิการจังหวัดสิงห์บุรี",
                "Sing Buri provincial education committee and subcommittee",
                "กรรมการระดับจังหวัดที่ดูแลนโยบายการศึกษาของสิงห์บุรี",
            ),
        ],
    },
    {
        "slug": "chainat",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        "name_en": "Chai Nat Primary Educational Service Area Office",
        "short_name_th": "สพป.ชัยนาท",
        "short_name_en": "Chai Nat PESAO",
        "kind": Office.Kind.PRIMARY_ESA,
        "province": "ชัยนาท",
        "address": "อำเภอเมืองชัยนาท จังหวัดชัยนาท",
        "email": "contact@chainat.example.org",
        "director_name": "นางสาวลออ วิลัย",
        "director_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        "groups": [
            (G.TEACHERS, "ครูและบุคลากรทางการศึกษา", "Teachers and education personnel", ""),
            (G.SCHOOL_DIRECTORS, "ผู้บริหารสถานศึกษา", "School directors", ""),
            (G.PARENTS, "ผู้ปกครองนักเรียน", "Parents", "ผู้ปกครองที่ส่งบุตรหลานเรียนในโรงเรียนสังกัด"),
            (G.COMMUNITY, "ชุมชนและองค์กรปกครองส่วนท้องถิ่น", "Communities and local government", ""),
            (G.PRIVATE_SECTOR, "ภาคเอกชนและผู้ประกอบการ", "Private sector and businesses", ""),
            (G.OTHER_AGENCIES, "หน่วยงานภาครัฐในจังหวัด", "Provincial government agencies", ""),
        ],
    },
    {
        "slug": "loei1",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเลย เขต 1",
        "name_en": "Loei Primary Educational Service Area Office 1",
        "short_name_th": "สพป.เลย เขต 1",
        "short_name_en": "Loei PESAO 1",
        "kind": Office.Kind.PRIMARY_ESA,
        "province": "เลย",
        "address": "อำเภอเมืองเลย จังหวัดเลย",
        "email": "contact@loei1.example.org",
        "director_name": "ดร.รอง ปัญสังกา",
        "director_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเลย เขต 1",
        "groups": [
            (G.SCHOOL_DIRECTORS, "ผู้บริหารการศึกษาและผู้บริหารสถานศึกษา", "Education and school administrators", ""),
            (
                G.TEACHERS,
                "บุคลากรทางการศึกษาในสำนักงานเขต",
                "Education personnel of the office",
                "ผู้ร่วมกล่าวคำปฏิญญาและลงนามบันทึกข้อตกลงเขตสุจริต",
            ),
            (
                G.COMMUNITY,
                "ผู้รับบริการของสำนักงานเขต",
                "People the office serves",
                "ผู้มาติดต่อราชการ ซึ่งสำนักงานสำรวจความพึงพอใจทุกปี",
            ),
            (G.PARENTS, "ผู้ปกครองและเครือข่ายผู้ปกครอง", "Parents and parent networks", ""),
        ],
    },
    {
        "slug": "ratchaburi1",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาราชบุรี เขต 1",
        "name_en": "Ratchaburi Primary Educational Service Area Office 1",
        "short_name_th": "สพป.ราชบุรี เขต 1",
        "short_name_en": "Ratchaburi PESAO 1",
        "kind": Office.Kind.PRIMARY_ESA,
        "province": "ราชบุรี",
        "address": "อำเภอเมืองราชบุรี จังหวัดราชบุรี",
        "email": "contact@ratchaburi1.example.org",
        "director_name": "",
        "director_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาราชบุรี เขต 1",
        "groups": [
            (
                G.TEACHERS,
                "สมาชิกกลุ่มโปร่งใสใจธรรมาภิบาล",
                "Members of the transparency working group",
                "บุคลากรที่สมัครเป็นสมาชิกกลุ่ม ร่วมกิจกรรม และได้รับการประเมินและยกย่องตามแนวปฏิบัติของกลุ่ม",
            ),
            (G.SCHOOL_DIRECTORS, "ผู้บริหารสถานศึกษาในสังกัด", "School directors", ""),
            (G.COMMUNITY, "ผู้รับบริการและชุมชน", "Service users and communities", ""),
            (G.PARENTS, "ผู้ปกครองนักเรียน", "Parents", ""),
        ],
    },
    {
        "slug": "ops-moe",
        "name_th": "สำนักงานปลัดกระทรวงศึกษาธิการ",
        "name_en": "Office of the Permanent Secretary, Ministry of Education",
        "short_name_th": "สป.ศธ.",
        "short_name_en": "OPS-MOE",
        "kind": Office.Kind.MINISTRY,
        "province": "กรุงเทพมหานคร",
        "address": "กระทรวงศึกษาธิการ กรุงเทพมหานคร",
        "email": "contact@ops-moe.example.org",
        "director_name": "",
        "director_position": "ปลัดกระทรวงศึกษาธิการ",
        "groups": [
            (
                G.OTHER_AGENCIES,
                "หน่วยงานส่วนกลาง",
                "Central units of the office",
                "ผู้แทนหน่วยงานส่วนกลางที่ร่วมออกแบบกระบวนการมีส่วนร่วม",
            ),
            (G.OTHER_AGENCIES, "หน่วยงานส่วนกลางที่ตั้งอยู่ในภูมิภาค", "Central units based in the regions", ""),
            (G.TEACHERS, "ครู คณาจารย์ และบุคลากรทางการศึกษา", "Teachers, lecturers and education personnel", ""),
            (G.CIVIL_SOCIETY, "ภาคประชาชนและผู้รับบริการ", "Citizens and service users", ""),
        ],
    },
]


@transaction.atomic
def seed_offices() -> list[Office]:
    """Create or update the five demo offices and their stakeholder groups."""
    offices = []
    for data in OFFICES:
        fields = {key: value for key, value in data.items() if key not in {"slug", "groups"}}
        office, _ = Office.objects.update_or_create(slug=data["slug"], defaults=fields)
        for position, (category, name, name_en, description) in enumerate(data["groups"], start=1):
            StakeholderGroup.objects.update_or_create(
                office=office,
                name=name,
                defaults={"name_en": name_en, "category": category, "description": description, "position": position},
            )
        offices.append(office)
    return offices


@transaction.atomic
def seed_accounts(offices: list[Office]) -> list[tuple[str, str, str]]:
    """A staff and a director account per office, and one site administrator.

    Returns (username, role, office slug) for each account. Passwords are reset
    to DEMO_PASSWORD every time, so the README's password always works.
    """
    User = get_user_model()
    accounts = []
    admin, _ = User.objects.get_or_create(
        username="demo-admin", defaults={"first_name": "ผู้ดูแลระบบ", "last_name": "ตัวอย่าง"}
    )
    admin.is_staff = admin.is_superuser = True
    admin.email = "admin@example.org"
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    accounts.append((admin.username, "site administrator", "*"))
    for office in offices:
        for role, first_name in [
            (OfficeMembership.Role.STAFF, "เจ้าหน้าที่"),
            (OfficeMembership.Role.DIRECTOR, "ผู้อำนวยการ"),
        ]:
            user, _ = User.objects.get_or_create(username=f"{office.slug}-{role}")
            user.first_name = first_name
            user.last_name = office.short_name_th
            user.email = f"{role}@{office.slug}.example.org"
            # Admin access lets the demo show that office people see only their own office there.
            user.is_staff = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            membership_set(actor=admin, user=user, office=office, role=role)
            accounts.append((user.username, role, office.slug))
    return accounts


def _at(day, hour=9, minute=0):
    import datetime
    import zoneinfo

    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))


@transaction.atomic
def seed_meetings() -> list:
    """The meetings of the source documents, with attendance by group, and one coming hearing."""
    import datetime

    from django.utils import timezone

    from participation.models import FollowUpAction, Meeting, MeetingAttendance
    from participation.vocabularies import GovernancePrinciple as P
    from participation.vocabularies import ParticipationLevel as L

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
            "attendance": [(group, 15, None) for group in chainat[2:5]],
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
                defaults={"owner": owner, "status": status, "position": position},
            )
        meetings.append(meeting)
    return meetings


FEEDBACK = [
    # (kind, channel, subject, message, answer or "", public answer?, status, rating)
    (
        "suggestion",
        "web",
        "อยากให้ประกาศผลการคัดเลือกทางเว็บไซต์เร็วขึ้น",
        "ผู้ปกครองต้องรอประกาศที่บอร์ดหน้าสำนักงาน อยากให้ลงเว็บไซต์พร้อมกัน",
        "ตั้งแต่รอบนี้ สำนักงานจะลงประกาศผลทางเว็บไซต์และบอร์ดในวันเดียวกัน",
        True,
        "closed",
        5,
    ),
    (
        "question",
        "phone",
        "สอบถามกำหนดการรับสมัครนักเรียน",
        "อยากทราบวันรับสมัครนักเรียนชั้นประถมศึกษาปีที่ 1 ของปีการศึกษาหน้า",
        "รับสมัครระหว่างวันที่ 1–5 มีนาคม ที่โรงเรียนในเขตพื้นที่บริการ",
        True,
        "answered",
        4,
    ),
    (
        "complaint",
        "web",
        "ถนนหน้าโรงเรียนมีหลุมบ่อ",
        "หลุมบ่อหน้าประตูโรงเรียนทำให้รถรับส่งนักเรียนเข้าออกลำบาก",
        "ประสานองค์การบริหารส่วนตำบลแล้ว ซ่อมเสร็จในสัปดาห์ถัดมา",
        True,
        "closed",
        4,
    ),
    (
        "opinion",
        "walk_in",
        "ความเห็นต่อการจัดสอบวัดผลกลางภาค",
        "การสอบติดกันหลายวันทำให้นักเรียนเหนื่อย",
        "",
        False,
        "in_progress",
        None,
    ),
    (
        "compliment",
        "line",
        "ขอบคุณเจ้าหน้าที่ที่ช่วยเรื่องเอกสารย้ายโรงเรียน",
        "เจ้าหน้าที่อธิบายชัดเจนและช่วยเตรียมเอกสารจนเสร็จในวันเดียว",
        "ขอบคุณสำหรับคำชม จะส่งต่อให้ทีมงาน",
        False,
        "closed",
        5,
    ),
    (
        "expectation",
        "paper",
        "อยากให้มีเวทีรับฟังความเห็นของผู้ปกครองทุกภาคเรียน",
        "ผู้ปกครองอยากมีโอกาสพูดคุยกับเขตพื้นที่มากกว่าปีละครั้ง",
        "",
        False,
        "received",
        None,
    ),
]


@transaction.atomic
def seed_feedback() -> int:
    """Feedback of every kind and status across the demo offices; one is overdue, one is a misconduct report."""
    import datetime

    from django.utils import timezone

    from participation.models import Feedback

    today = timezone.localdate()
    count = 0
    for office_index, office in enumerate(Office.objects.filter(slug__in=[o["slug"] for o in OFFICES]).order_by("pk")):
        for index, (kind, channel, subject, message, answer, public, status, rating) in enumerate(FEEDBACK):
            # Answered items are spread over past weeks; open ones are recent, so only one item is overdue.
            age = 5 + 9 * index + office_index if answer else 2 + office_index
            received = today - datetime.timedelta(days=age)
            answered_at = None
            if answer:
                answered_at = timezone.make_aware(
                    datetime.datetime.combine(received + datetime.timedelta(days=3 + index), datetime.time(10))
                )
            Feedback.objects.update_or_create(
                office=office,
                subject=subject,
                defaults={
                    "kind": kind,
                    "channel": channel,
                    "message": message,
                    "status": status,
                    "received_on": received,
                    "due_on": received + datetime.timedelta(days=office.feedback_answer_days),
                    "answer": answer,
                    "answer_public": public,
                    "answered_at": answered_at,
                    "closed_at": answered_at if status == "closed" else None,
                    "rating": rating,
                    "name": "ผู้ปกครองนักเรียน" if index % 2 else "",
                    "email": f"parent{index}@example.org" if index % 3 == 0 else "",
                },
            )
            count += 1
        # One report of misconduct, for the director only.
        Feedback.objects.update_or_create(
            office=office,
            subject="แจ้งเบาะแสการเรียกรับเงินในการจัดซื้อ",
            defaults={
                "kind": Feedback.Kind.MISCONDUCT,
                "message": "มีผู้อ้างว่าต้องจ่ายค่าดำเนินการเพิ่มเพื่อให้ได้งาน",
                "received_on": today - datetime.timedelta(days=4),
                "due_on": today + datetime.timedelta(days=11),
            },
        )
        count += 1
    # One overdue item, so the deadline clock has something to show.
    singburi = Office.objects.get(slug="singburi")
    Feedback.objects.update_or_create(
        office=singburi,
        subject="ยังไม่ได้รับเงินค่าเครื่องแบบนักเรียน",
        defaults={
            "kind": Feedback.Kind.COMPLAINT,
            "message": "ผู้ปกครองยังไม่ได้รับเงินอุดหนุนค่าเครื่องแบบของภาคเรียนนี้",
            "received_on": today - datetime.timedelta(days=25),
            "due_on": today - datetime.timedelta(days=10),
            "status": Feedback.Status.IN_PROGRESS,
        },
    )
    return count + 1


@transaction.atomic
def seed_cycle() -> list:
    """Sing Buri's closed cycle (last year, approved, with its seminar as step-4 evidence) and
    Chai Nat's running one (this year, in progress)."""
    from django.contrib.auth import get_user_model

    from participation.fiscal import current_fiscal_year
    from participation.models import Meeting, Plan, PlanStep
    from participation.services import cycle as cycle_services
    from participation.vocabularies import CycleStep

    User = get_user_model()
    year = current_fiscal_year()
    singburi, chainat = Office.objects.get(slug="singburi"), Office.objects.get(slug="chainat")
    staff, director = User.objects.get(username="singburi-staff"), User.objects.get(username="singburi-director")
    plans = []
    last = Plan.objects.filter(office=singburi, fiscal_year=year - 1).first()
    if last is None:
        last = cycle_services.plan_create(office=singburi, fiscal_year=year - 1, actor=staff)
        seminar = Meeting.objects.filter(office=singburi, kind=Meeting.Kind.SEMINAR).first()
        if seminar is not None:
            cycle_services.evidence_attach(
                plan=last, actor=staff, step=CycleStep.INVOLVE, source="meetings", item_id=seminar.pk
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
            director=director,
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
