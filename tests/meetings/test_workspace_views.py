"""Meetings in the workspace: the form, attendance, photos, follow-up, sign-in sheets, registrations."""

import datetime

import pytest
from django.utils import timezone

from participation.meetings import services
from participation.meetings.models import Meeting, MeetingAttendance
from participation.network.models import NetworkMember
from tests.factories import AttendanceFactory, MeetingFactory, StakeholderGroupFactory, jpeg_with_gps, png_bytes, upload

pytestmark = pytest.mark.django_db


def meeting_data(**overrides):
    start = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "title": "เวทีรับฟังความคิดเห็นแผนพัฒนาการศึกษา",
        "kind": "hearing",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "venue": "ห้องประชุมใหญ่",
        "objectives_text": "เพื่อชี้แจงร่างแผน\nเพื่อรับฟังข้อเสนอแนะ",
        "participation_level": "consult",
        "is_public": "on",
    }
    data.update(overrides)
    return data


class TestWorkspace:
    def test_create_with_invited_groups(self, client, staff_singburi, singburi):
        group = singburi.stakeholder_groups.first()
        client.force_login(staff_singburi)
        response = client.post("/manage/singburi/meetings/new/", meeting_data(invited_groups=[group.pk]))
        meeting = Meeting.objects.get()
        assert response["Location"] == meeting.get_manage_url()
        assert meeting.objectives == ["เพื่อชี้แจงร่างแผน", "เพื่อรับฟังข้อเสนอแนะ"]
        assert list(meeting.attendance.values_list("group", flat=True)) == [group.pk]

    def test_end_before_start_keeps_the_form(self, client, staff_singburi):
        client.force_login(staff_singburi)
        data = meeting_data()
        data["ends_at"] = data["starts_at"].replace("T09:00", "T08:00")
        response = client.post("/manage/singburi/meetings/new/", data)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="เวทีรับฟังความคิดเห็นแผนพัฒนาการศึกษา"' in html
        assert not Meeting.objects.exists()

    def test_attendance_grid(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        groups = [singburi.stakeholder_groups.first(), StakeholderGroupFactory(office=singburi)]
        client.force_login(staff_singburi)
        url = f"/manage/singburi/meetings/{meeting.pk}/attendance/"
        data = {f"g{groups[0].pk}-invited": "60", f"g{groups[0].pk}-attended": "55"}
        data |= {f"g{groups[1].pk}-invited": "50", f"g{groups[1].pk}-attended": "48"}
        assert client.post(url, data).status_code == 302
        assert Meeting.objects.with_totals().get(pk=meeting.pk).attended_total == 103

    def test_attendance_grid_refuses_negative_and_keeps_input(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        group = singburi.stakeholder_groups.first()
        client.force_login(staff_singburi)
        response = client.post(
            f"/manage/singburi/meetings/{meeting.pk}/attendance/",
            {f"g{group.pk}-invited": "12", f"g{group.pk}-attended": "-3"},
        )
        assert response.status_code == 400
        assert 'value="12"' in response.content.decode()
        assert not MeetingAttendance.objects.exists()

    def test_photos_are_reencoded_and_non_images_refused(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        client.force_login(staff_singburi)
        url = f"/manage/singburi/meetings/{meeting.pk}/files/"
        response = client.post(url, {"files": [upload("not-a-photo.jpg", b"<html>hi</html>")]})
        assert response.status_code == 200 and not meeting.files.exists()
        client.post(url, {"files": [upload("seminar.jpg", jpeg_with_gps()), upload("b.png", png_bytes())]})
        assert meeting.files.count() == 2
        stored = meeting.files.get(original_name="seminar.jpg").file.read()
        assert b"Test Camera Model" not in stored

    def test_capacity_below_registrations_is_refused_in_the_form(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True, capacity=5)
        for n in range(3):
            services.registration_create(meeting=meeting, data={"name": f"คน {n}", "email": f"p{n}@example.org"})
        client.force_login(staff_singburi)
        response = client.post(
            f"/en/manage/singburi/meetings/{meeting.pk}/edit/", meeting_data(capacity="2", registration_open="on")
        )
        assert "3 people have registered already" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.capacity == 5

    def test_follow_up_tracker_flags_overdue(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        services.follow_up_save(
            meeting=meeting,
            actor=staff_singburi,
            action=None,
            data={"description": "ปรับปรุงเว็บไซต์", "due_on": timezone.localdate() - datetime.timedelta(days=2)},
        )
        services.follow_up_save(
            meeting=meeting, actor=staff_singburi, action=None, data={"description": "ยังไม่ครบกำหนด"}
        )
        client.force_login(staff_singburi)
        html = client.get("/manage/singburi/follow-up/?status=overdue").content.decode()
        assert "ปรับปรุงเว็บไซต์" in html and "ยังไม่ครบกำหนด" not in html

    def test_follow_up_tracker_rows(self, client, staff_singburi, singburi, chainat):
        own = MeetingFactory(office=singburi, title="ประชุม <ภาคี>")
        action = services.follow_up_save(
            meeting=own,
            actor=staff_singburi,
            action=None,
            data={"description": "ติดตาม & รายงาน", "owner": "กลุ่ม <นโยบาย>", "due_on": datetime.date(2020, 1, 2)},
        )
        other = services.follow_up_save(
            meeting=MeetingFactory(office=chainat), actor=None, action=None, data={"description": "ของชัยนาท"}
        )
        assert (action.office, other.office) == (singburi, chainat)  # each keeps its meeting's office
        client.force_login(staff_singburi)
        html = client.get("/en/manage/singburi/follow-up/").content.decode()
        meeting_url = f"/en/manage/singburi/meetings/{own.pk}/"
        assert f'<tr class="table-warning"><td><a href="{meeting_url}follow-up/{action.pk}/">' in html
        assert f'ติดตาม &amp; รายงาน</a></td><td><a href="{meeting_url}">ประชุม &lt;ภาคี&gt;</a>' in html
        assert "<td>กลุ่ม &lt;นโยบาย&gt;</td><td>2 Jan 2020 <span" in html and "<td>Not started</td></tr>" in html
        assert "ของชัยนาท" not in html

    def test_sign_in_sheet_lists_members_and_blank_rows(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi)
        row = AttendanceFactory(meeting=meeting, group=singburi.stakeholder_groups.first(), invited=3)
        NetworkMember.objects.create(office=singburi, group=row.group, name="นางสาวสมศรี", organisation="โรงเรียนบ้านนา")
        client.force_login(staff_singburi)
        html = client.get(f"/manage/singburi/meetings/{meeting.pk}/sign-in/").content.decode()
        assert "นางสาวสมศรี" in html and html.count('class="blank"') >= 5

    def test_another_offices_meeting_cannot_be_changed(self, client, staff_singburi, chainat):
        meeting = MeetingFactory(office=chainat)
        client.force_login(staff_singburi)
        for path in [
            f"/manage/singburi/meetings/{meeting.pk}/cancel/",
            f"/manage/chainat/meetings/{meeting.pk}/cancel/",
        ]:
            assert client.post(path, {"reason": "x"}).status_code == 404
        meeting.refresh_from_db()
        assert meeting.status == "planned"

    def test_registrations_csv(self, client, staff_singburi, singburi):
        meeting = MeetingFactory(office=singburi, registration_open=True)
        services.registration_create(meeting=meeting, data={"name": "สมชาย", "email": "s@example.org"})
        client.force_login(staff_singburi)
        response = client.get(f"/manage/singburi/meetings/{meeting.pk}/registrations/?format=csv")
        assert response.content.decode("utf-8").startswith("\ufeffname,email")
        assert "สมชาย" in response.content.decode("utf-8")
