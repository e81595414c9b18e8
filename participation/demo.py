"""Demo offices, their stakeholder groups and accounts, from the five source documents."""

from django.contrib.auth import get_user_model
from django.db import transaction

from participation.models import Office, OfficeMembership, StakeholderGroup
from participation.services import membership_set

DEMO_PASSWORD = "demo-portal-2569"

# Every detail the sources do not give (per-group attendance, times, feedback, outcomes, summaries)
# is invented for the demo and says so where it is shown, always with this remark.
SAMPLE_DATA = "ข้อมูลตัวอย่าง / sample data"

# The Ministry's news item dates its workshop 22–25 December 2553, yet says the workshop drew up the
# participation plan of fiscal year 2564: the demo dates it December 2563 and says so on the page.
MOE_DATE_NOTE = (
    "หมายเหตุจากแหล่งข่าว: ข่าวต้นฉบับระบุวันประชุม 22–25 ธันวาคม 2553 แต่กล่าวว่าการประชุมจัดทำแผน"
    "ส่งเสริมการมีส่วนร่วมประจำปีงบประมาณ พ.ศ. 2564 ระบบสาธิตจึงลงวันที่ 22–25 ธันวาคม 2563 "
    "(ปีงบประมาณ 2564) โดยถือว่าปี 2553 พิมพ์ผิด โปรดตรวจสอบกับหน่วยงานก่อนอ้างอิง"
)


def sample_note(what: str) -> str:
    """The remark that marks invented details of a demo record, for a text field shown with it."""
    return f"{SAMPLE_DATA}: {what}"


def sample_title(title: str) -> str:
    """A title whose whole record is invented for the demo, marked where the title is shown."""
    return f"{title} ({SAMPLE_DATA})"


G = StakeholderGroup.Category
# The offices above the five of the sources: they supervise, they hold no demo records of their own.
SUPERVISING = {"moe", "obec"}

OFFICES = [
    # The supervising offices the source documents answer to: the Ministry of Education, and under it
    # the Office of the Basic Education Commission (OBEC), which supervises the four area offices.
    {
        "slug": "moe",
        "name_th": "กระทรวงศึกษาธิการ",
        "name_en": "Ministry of Education",
        "short_name_th": "ศธ.",
        "short_name_en": "MOE",
        "kind": Office.Kind.MINISTRY,
        "province": "กรุงเทพมหานคร",
        "region": Office.Region.BANGKOK,
        "address": "ถนนราชดำเนินนอก เขตดุสิต กรุงเทพมหานคร",
        "email": "contact@moe.example.org",
        "groups": [(G.OTHER_AGENCIES, "หน่วยงานในสังกัดกระทรวง", "Offices of the ministry", "")],
    },
    {
        "slug": "obec",
        "parent": "moe",
        "name_th": "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
        "name_en": "Office of the Basic Education Commission",
        "short_name_th": "สพฐ.",
        "short_name_en": "OBEC",
        "kind": Office.Kind.COMMISSION,
        "province": "กรุงเทพมหานคร",
        "region": Office.Region.BANGKOK,
        "address": "ถนนราชดำเนินนอก เขตดุสิต กรุงเทพมหานคร",
        "email": "contact@obec.example.org",
        "groups": [(G.OTHER_AGENCIES, "สำนักงานเขตพื้นที่การศึกษา", "Educational service area offices", "")],
    },
    {
        "slug": "singburi",
        "parent": "obec",
        "region": Office.Region.CENTRAL,
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
        "parent": "obec",
        "region": Office.Region.CENTRAL,
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
        "parent": "obec",
        "region": Office.Region.NORTHEAST,
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
        "parent": "obec",
        "region": Office.Region.WEST,
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
        "parent": "moe",
        "region": Office.Region.BANGKOK,
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
    """Create or update the demo offices (the five of the sources, and the two above them) and their
    stakeholder groups."""
    offices = []
    for data in OFFICES:
        fields = {key: value for key, value in data.items() if key not in {"slug", "groups", "parent"}}
        # Parents come first in OFFICES.
        fields["parent"] = next((o for o in offices if o.slug == data["parent"]), None) if "parent" in data else None
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
