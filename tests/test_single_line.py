"""Single-line text (issue #11, finding 8): titles, names and subjects hold no line break or control character.

Line breaks and tabs become one space and invisible control and format characters are dropped, in
forms and on every save (participation.fields). A queryset's update() is cleaned too (a CharField
prepares what it writes through to_python); rows saved before, with a line break (put there with
an update of a raw Value, which nothing cleans), still give a valid calendar and e-mail that is sent.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.utils import timezone
from icalendar import Calendar

from announcements.forms import AnnouncementForm
from participation.feedback.forms import FeedbackForm, StaffFeedbackForm
from participation.feedback.tasks import notify_staff_of_feedback
from participation.fields import SingleLineCharField, SingleLineField, single_line
from participation.meetings import services as meeting_services
from participation.meetings.forms import MeetingForm, RegistrationForm
from participation.meetings.models import Meeting, Registration
from participation.models import Office, StakeholderGroup
from participation.network.forms import NetworkMemberForm
from participation.network.models import NetworkMember
from tests.factories import FeedbackFactory, MeetingFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

BROKEN_TITLE = "ประชุม\r\nภาคีเครือข่าย\rครั้งที่ 1\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ประชุมภาคีเครือข่าย ครั้งที่ 1", "ประชุมภาคีเครือข่าย ครั้งที่ 1"),
        ("ประชุม\r\nครั้งที่ 1", "ประชุม ครั้งที่ 1"),
        ("a\rb", "a b"),  # a bare CR
        ("a \r\n\r\n  b", "a b"),  # a run of breaks and the spaces around it: one space
        ("a\tb\vc\fd", "a b c d"),
        ("a\x85b\u2028c\u2029d", "a b c d"),  # Unicode's own line and paragraph separators
        ("  ชื่อ  ", "ชื่อ"),
        ("x\x00y\x07z\x1b[31m\x7f", "xyz[31m"),  # other control characters are dropped
        ("\ufeffสวัสดี", "สวัสดี"),  # a byte-order mark
        ("abc\u202edcba", "abcdcba"),  # a right-to-left override
        ("ภาษา\u200bไทย", "ภาษา\u200bไทย"),  # a zero-width space (a word break hint in Thai) stays
        ("👩\u200d💻", "👩\u200d💻"),  # a zero-width joiner in an emoji stays
        ("a\u00a0b", "a\u00a0b"),  # a no-break space stays
        ("\r\n\t\x00", ""),
    ],
)
def test_single_line(text, expected):
    assert single_line(text) == expected


def test_the_form_field_cleans_and_still_requires_something():
    field = SingleLineField(max_length=10)
    assert field.clean("  ก\r\nข\x00 ") == "ก ข"
    with pytest.raises(ValidationError) as refused:
        field.clean("\r\n\t\x00")
    assert refused.value.code == "required"
    # The length counts what is stored: a break made one space fits.
    assert field.clean("12345\r\n6789") == "12345 6789"


# Single-line fields are those named so, in every app (checked by name, so a new one is not forgotten).
SINGLE_LINE_NAMES = re.compile(
    r"^(title|subject|topic_title|name|name_th|name_en|short_name_\w+|\w+_name|\w+_position)$"
)
SINGLE_LINE_NAMES_ALSO = {
    ("meetings", "meeting", "venue"),
    ("meetings", "registration", "organisation"),
    ("meetings", "attendee", "organisation"),
    ("meetings", "followupaction", "owner"),
    ("meetings", "meetingfile", "caption"),
    ("network", "networkmember", "organisation"),
    ("network", "networkmember", "role"),
    ("cycle", "planstep", "responsible"),
    ("announcements", "announcement", "number"),
    ("announcements", "announcement", "cover_alt"),
    ("announcements", "attachment", "caption"),
}
# A stored file's name is the uploads' business (participation.uploads sends it encoded).
NOT_SINGLE_LINE = {"original_name"}


def project_models():
    for config in apps.get_app_configs():
        if config.name.startswith("participation") or config.name == "announcements":
            yield from config.get_models()


def test_titles_names_and_subjects_are_single_line_in_every_app():
    expected, plain = set(), set()
    for model in project_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField) or field.choices or field.name in NOT_SINGLE_LINE:
                continue
            key = (model._meta.app_label, model._meta.model_name, field.name)
            if SINGLE_LINE_NAMES.match(field.name) or key in SINGLE_LINE_NAMES_ALSO:
                expected.add(key)
                if not isinstance(field, SingleLineCharField):
                    plain.add(key)
    assert not plain, f"not single-line: {sorted(plain)}"
    assert {("meetings", "meeting", "title"), ("feedback", "feedback", "subject")} <= expected
    assert {("participation", "office", "name_th"), ("participation", "stakeholdergroup", "name")} <= expected
    assert {("network", "networkmember", "name"), ("cycle", "evidencelink", "title")} <= expected
    assert expected >= SINGLE_LINE_NAMES_ALSO


class TestModels:
    def test_a_service_save_stores_one_line(self, singburi):
        meeting = MeetingFactory(office=singburi, title=BROKEN_TITLE, venue="ห้อง\t1")
        meeting.refresh_from_db()
        assert (meeting.title, meeting.venue) == ("ประชุม ภาคีเครือข่าย ครั้งที่ 1", "ห้อง 1")

    def test_full_clean_cleans_as_the_admin_does(self, singburi):
        singburi.name_th = "สำนักงาน\r\nทดสอบ\x00"
        singburi.full_clean()
        assert singburi.name_th == "สำนักงาน ทดสอบ"
        singburi.save()
        assert Office.objects.get(pk=singburi.pk).name_th == "สำนักงาน ทดสอบ"

    def test_a_queryset_update_cleans_too(self, singburi):
        meeting = MeetingFactory(office=singburi)
        Meeting.objects.filter(pk=meeting.pk).update(title=BROKEN_TITLE)
        meeting.refresh_from_db()
        assert meeting.title == "ประชุม ภาคีเครือข่าย ครั้งที่ 1"

    def test_bulk_create_cleans_too(self, singburi):
        group = singburi.stakeholder_groups.first()
        NetworkMember.objects.bulk_create(
            [NetworkMember(office=singburi, group=group, name="นาย\tหนึ่ง", organisation="อบต.\r\nบ้านนา")]
        )
        member = NetworkMember.objects.get()
        assert (member.name, member.organisation) == ("นาย หนึ่ง", "อบต. บ้านนา")

    def test_multi_line_text_keeps_its_lines(self, singburi):
        meeting = MeetingFactory(office=singburi, address="ถนนหนึ่ง\nตำบลสอง", agenda="1. เปิด\n2. ปิด")
        meeting.refresh_from_db()
        assert meeting.address == "ถนนหนึ่ง\nตำบลสอง" and meeting.agenda == "1. เปิด\n2. ปิด"


class TestForms:
    def test_the_forms_of_every_app_use_the_single_line_field(self):
        fields = [
            MeetingForm.base_fields["title"],
            MeetingForm.base_fields["venue"],
            RegistrationForm.base_fields["name"],
            RegistrationForm.base_fields["organisation"],
            AnnouncementForm.base_fields["subject"],
            FeedbackForm.base_fields["subject"],
            FeedbackForm.base_fields["name"],
            StaffFeedbackForm.base_fields["subject"],
            StaffFeedbackForm.base_fields["name"],
            NetworkMemberForm.base_fields["name"],
            NetworkMemberForm.base_fields["organisation"],
        ]
        assert all(isinstance(field, SingleLineField) for field in fields)
        assert FeedbackForm.base_fields["subject"].clean("ถนน\r\nชำรุด") == "ถนน ชำรุด"

    def test_the_workspace_meeting_form_cleans_the_title(self, client, staff_singburi, singburi):
        from tests.meetings.test_workspace_views import meeting_data

        client.force_login(staff_singburi)
        response = client.post("/manage/singburi/meetings/new/", meeting_data(title="เวที\r\nรับฟัง\tความคิดเห็น\x00"))
        assert response.status_code == 302
        assert Meeting.objects.get().title == "เวที รับฟัง ความคิดเห็น"

    def test_a_title_of_nothing_but_control_characters_is_asked_for_again(self, client, staff_singburi, singburi):
        from tests.meetings.test_workspace_views import meeting_data

        client.force_login(staff_singburi)
        response = client.post("/en/manage/singburi/meetings/new/", meeting_data(title="\r\n\t\x00\u202e"))
        assert response.status_code in (200, 400)
        assert not Meeting.objects.exists()
        assert "Enter the title of the meeting" in response.content.decode()

    def test_the_public_registration_cleans_the_name(self, client, singburi, django_capture_on_commit_callbacks):
        meeting = MeetingFactory(office=singburi, registration_open=True, is_public=True)
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(
                meeting.get_absolute_url(),
                {"name": "สมชาย\r\nใจดี\x1b", "email": "somchai@example.org", "organisation": "โรงเรียน\tบ้านนา"},
            )
        assert response.status_code == 302
        registration = Registration.objects.get()
        assert (registration.name, registration.organisation) == ("สมชาย ใจดี", "โรงเรียน บ้านนา")


def assert_valid_calendar(body: bytes) -> Calendar:
    assert re.search(rb"\r(?!\n)", body) is None, "a bare CR in the file"
    assert re.search(rb"(?<!\r)\n", body) is None, "a bare LF in the file"
    assert all(not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", line) for line in body.split(b"\r\n"))
    return Calendar.from_ical(body)


class TestOldRows:
    """Rows saved before the cleaning: written as raw values, which bypass it."""

    @pytest.fixture
    def meeting(self, singburi):
        meeting = MeetingFactory(office=singburi, is_public=True, registration_open=True)
        Meeting.objects.filter(pk=meeting.pk).update(
            title=Value(BROKEN_TITLE),
            venue=Value("ห้องประชุม\r1"),
            address="ถนนหนึ่ง\r\nตำบลสอง\rอำเภอสาม",
            objectives=["ข้อ\r\nหนึ่ง"],
        )
        Office.objects.filter(pk=singburi.pk).update(
            name_th=Value("สำนักงาน\r\nทดสอบ"), short_name_th=Value("สพป.\rทดสอบ")
        )
        meeting.refresh_from_db()
        assert "\r" in meeting.title
        return meeting

    def test_the_meeting_calendar_file(self, client, meeting):
        response = client.get(f"{meeting.get_absolute_url()}calendar.ics")
        assert response.status_code == 200
        calendar = assert_valid_calendar(response.content)
        assert str(calendar["X-WR-CALNAME"]) == "ประชุม ภาคีเครือข่าย ครั้งที่ 1"
        event = calendar.walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == "ประชุม ภาคีเครือข่าย ครั้งที่ 1"
        assert str(event["LOCATION"]) == "ห้องประชุม 1, ถนนหนึ่ง ตำบลสอง อำเภอสาม"
        assert str(event["DESCRIPTION"]).startswith("1. ข้อ\nหนึ่ง\n")

    def test_the_office_feed(self, client, meeting):
        response = client.get("/singburi/meetings.ics")
        assert response.status_code == 200
        calendar = assert_valid_calendar(response.content)
        assert str(calendar["X-WR-CALNAME"]) == "สำนักงาน ทดสอบ"
        assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["ประชุม ภาคีเครือข่าย ครั้งที่ 1"]

    def test_the_registration_e_mail_is_sent(self, client, meeting, django_capture_on_commit_callbacks, run_tasks):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(meeting.get_absolute_url(), {"name": "สมชาย ใจดี", "email": "somchai@example.org"})
        assert response.status_code == 302
        run_tasks()  # fails if a task failed
        assert len(mail.outbox) == 1
        message = mail.outbox[0].message()  # the headers as they go out
        assert "ประชุม ภาคีเครือข่าย ครั้งที่ 1" in mail.outbox[0].subject
        assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject
        assert message["Subject"]

    def test_the_cancellation_e_mail_is_sent(
        self, meeting, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        Registration.objects.create(meeting=meeting, name="สมหญิง", email="somying@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            meeting_services.meeting_cancel(meeting=meeting, actor=staff_singburi, reason="ฝนตกหนัก")
        run_tasks()
        assert [m.to for m in mail.outbox] == [["somying@example.org"]]
        assert mail.outbox[0].subject.endswith("ประชุม ภาคีเครือข่าย ครั้งที่ 1")

    def test_the_staff_e_mail_of_new_feedback_is_sent(self, meeting, singburi, staff_singburi):
        feedback = FeedbackFactory(office=Office.objects.get(pk=singburi.pk))
        notify_staff_of_feedback.call(feedback_id=feedback.pk)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject.endswith("สพป. ทดสอบ")


def test_groups_and_offices_made_in_code_are_clean(singburi):
    group = StakeholderGroupFactory(office=singburi, name="กลุ่ม\r\nผู้ปกครอง", name_en="Parents\t")
    group = StakeholderGroup.objects.get(pk=group.pk)
    assert (group.name, group.name_en) == ("กลุ่ม ผู้ปกครอง", "Parents")
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = meeting_services.meeting_create(
        office=singburi,
        actor=None,
        data={"title": "ประชุม\nใหญ่", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1)},
        invited_groups=[group],
    )
    assert Meeting.objects.get(pk=meeting.pk).title == "ประชุม ใหญ่"


def test_a_network_import_with_a_name_over_two_lines_can_be_imported_again(singburi, staff_singburi):
    """The file's name is compared with the stored one as it is stored, on one line: the same file twice
    updates nothing rather than colliding with the member it made."""
    from participation.network import services as network_services
    from tests.network.helpers import HEADER, MEDIA

    data = (HEADER + f'{MEDIA},"นางสาว\nสมใจ",หนังสือพิมพ์\tสิงห์บุรี,,,,,yes\r\n').encode()
    first = network_services.members_import(office=singburi, actor=staff_singburi, data=data)
    assert first.created == 1
    assert NetworkMember.objects.values_list("name", "organisation").get() == ("นางสาว สมใจ", "หนังสือพิมพ์ สิงห์บุรี")
    again = network_services.members_import(office=singburi, actor=staff_singburi, data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
