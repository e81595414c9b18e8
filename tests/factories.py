import datetime
import io
import zipfile

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from announcements.models import Announcement
from participation.feedback.models import Feedback
from participation.meetings.models import Meeting, MeetingAttendance
from participation.models import Office, OfficeMembership, StakeholderGroup

PASSWORD = "test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"office{n}")
    name_th = factory.Sequence(lambda n: f"สำนักงานทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test Office {n}")
    kind = Office.Kind.PRIMARY_ESA
    province = "สิงห์บุรี"
    email = factory.LazyAttribute(lambda office: f"contact@{office.slug}.example.org")
    phone = "036 000 000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeMembership

    user = factory.SubFactory(UserFactory)
    office = factory.SubFactory(OfficeFactory)
    role = OfficeMembership.Role.STAFF


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"กลุ่มผู้มีส่วนได้ส่วนเสีย {n}")
    name_en = factory.Sequence(lambda n: f"Stakeholder group {n}")
    category = StakeholderGroup.Category.COMMUNITY


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    office = factory.SubFactory(OfficeFactory)
    kind = Announcement.Kind.NEWS
    subject = factory.Sequence(lambda n: f"ข่าวประชาสัมพันธ์ฉบับที่ {n}")
    summary = "สรุปสั้น ๆ ของข่าว"
    body = "เนื้อหาของข่าว\n\nย่อหน้าที่สอง"
    status = Announcement.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Announcement.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )


# --- Sample files, made here rather than stored in the repository -----------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a camera model and a GPS position."""
    image = Image.new("RGB", (60, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Test Camera Model"  # Model
    exif[0x8825] = {1: "N", 2: (14.0, 53.0, 30.0), 3: "E", 4: (100.0, 24.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    office = factory.SubFactory(OfficeFactory)
    title = factory.Sequence(lambda n: f"ประชุมภาคีเครือข่าย ครั้งที่ {n}")
    kind = Meeting.Kind.SEMINAR
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=3))
    venue = "ห้องประชุมสำนักงาน"
    objectives = ["เพื่อรับฟังความคิดเห็น"]


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    group = factory.SubFactory(StakeholderGroupFactory, office=factory.SelfAttribute("..meeting.office"))
    invited = 10
    attended = 8


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    office = factory.SubFactory(OfficeFactory)
    kind = Feedback.Kind.SUGGESTION
    subject = factory.Sequence(lambda n: f"ข้อเสนอแนะเรื่องที่ {n}")
    message = factory.Sequence(lambda n: f"ข้อความของผู้ส่ง ฉบับที่ {n}")
    received_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda f: f.received_on + datetime.timedelta(days=f.office.feedback_answer_days))
    fingerprint = factory.Sequence(lambda n: f"fp{n}")
    phone = ""
    phone_digits = factory.LazyAttribute(lambda f: "".join(ch for ch in f.phone if ch.isdigit()))
