"""Public pages of working groups (a name only with consent), the "join this group" form and the workspace."""

import datetime
import re

import pytest
from django.core import signing

from participation.cycle import services as cycle_services
from participation.groups import services
from participation.groups.forms import STARTED_SALT
from participation.groups.models import JoinRequest, WorkingGroup
from tests.groups.helpers import FOUNDED

pytestmark = pytest.mark.django_db

SECRET = "นางสาวลับ ไม่เปิดเผย"


def award(group, member, actor):
    return services.award_create(
        group=group,
        actor=actor,
        member=member,
        data={
            "title": "สมาชิกดีเด่น",
            "citation": "ร่วมกิจกรรมสม่ำเสมอ",
            "fiscal_year": 2568,
            "awarded_on": FOUNDED,
            "signer_name": "ผู้ลงนาม",
            "signer_position": "ผู้อำนวยการ",
        },
    )


def test_names_without_consent_never_reach_a_public_page(client, group, named, unnamed, staff_singburi):
    award(group, unnamed, staff_singburi)
    award(group, named, staff_singburi)
    services.activity_save(
        group=group, actor=staff_singburi, activity=None, data={"title": "อบรม", "held_on": FOUNDED, "kind": "training"}
    )
    cycle_services.plan_create(office=group.office, fiscal_year=2568, actor=staff_singburi)
    pages = [
        "/singburi/",
        "/singburi/groups/",
        group.get_absolute_url(),
        f"{group.get_absolute_url()}report/2568/",
        f"{group.get_absolute_url()}join/",
        "/singburi/plans/2568/",
        "/singburi/plans/2568/steps/involve/",
        "/sitemap.xml",
        "/singburi/feed.xml",
    ]
    for url in pages + [f"/en{url}" for url in pages if url != "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body and "secret@example.org" not in body, url
    body = client.get(group.get_absolute_url()).content.decode()
    assert named.name in body
    assert "ชื่อไม่เปิดเผย" in body or "name not published" in body
    assert body.count("สมาชิกดีเด่น") == 2


def test_the_public_page_shows_practices_numbered_and_a_closed_group_marked(client, group, staff_singburi):
    body = client.get(group.get_absolute_url()).content.decode()
    assert re.search(r"<ol>\s*<li>ประชุมทุกเดือน</li>\s*<li>รายงานผลต่อชุมชน</li>", body)
    assert f"/singburi/groups/{group.pk}/join/" in body
    services.group_close(group=group, actor=staff_singburi, closed_on=datetime.date(2025, 9, 1), reason="ครบวาระ")
    body = client.get(group.get_absolute_url()).content.decode()
    assert "ครบวาระ" in body and "/join/" not in body


class TestJoin:
    @pytest.fixture(autouse=True)
    def quick(self, settings):
        settings.FEEDBACK_MIN_SECONDS = 0

    def form(self, client, group, **data):
        page = client.get(f"{group.get_absolute_url()}join/").content.decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        started = re.search(r'name="started" value="([^"]+)"', page).group(1)
        return {
            "name": "ผู้สมัคร ทดสอบ",
            "email": "join@example.org",
            "motivation": "อยากร่วมติดตามงาน",
            "token": token,
            "started": started,
            **data,
        }

    def test_a_request_lands_for_staff(self, client, group):
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group))
        assert response.status_code == 302
        request = JoinRequest.objects.get()
        assert (request.group, request.status, request.name_public) == (group, "pending", False)

    def test_bad_input_keeps_what_was_typed(self, client, group):
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group, email="", phone=""))
        assert response.status_code == 400
        body = response.content.decode()
        assert "อยากร่วมติดตามงาน" in body and "ผู้สมัคร ทดสอบ" in body
        assert not JoinRequest.objects.exists()

    def test_too_fast_robots_and_tampered_clocks_are_not_stored(self, client, group, settings):
        settings.FEEDBACK_MIN_SECONDS = 60
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group))
        assert response.status_code == 400 and "ผู้สมัคร ทดสอบ" in response.content.decode()
        settings.FEEDBACK_MIN_SECONDS = 0
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group, started="forged"))
        assert response.status_code == 400
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group, website="spam.example"))
        assert response.status_code == 302
        assert not JoinRequest.objects.exists()

    def test_rate_limited(self, client, group, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "group_join": (1, 600)}
        assert client.post(f"{group.get_absolute_url()}join/", self.form(client, group)).status_code == 302
        response = client.post(f"{group.get_absolute_url()}join/", self.form(client, group, name="อีกคน"))
        assert response.status_code == 429 and "อีกคน" in response.content.decode()
        assert JoinRequest.objects.count() == 1

    def test_a_closed_group_says_so_and_refuses(self, client, group, staff_singburi):
        data = self.form(client, group)
        services.group_close(group=group, actor=staff_singburi, closed_on=datetime.date(2025, 9, 1), reason="ครบ")
        page = client.get(f"{group.get_absolute_url()}join/").content.decode()
        assert "ปิด" in page or "closed" in page
        assert client.post(f"{group.get_absolute_url()}join/", data).status_code == 400
        assert not JoinRequest.objects.exists()

    def test_the_signed_start_time_is_ours(self):
        assert signing.loads(signing.dumps(1.0, salt=STARTED_SALT), salt=STARTED_SALT) == 1.0


class TestWorkspace:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, staff_singburi):
        client.force_login(staff_singburi)

    def test_found_a_group_and_bad_input(self, client, singburi):
        url = "/manage/singburi/groups/new/"
        data = {"kind": "committee", "name": "คณะกรรมการใหม่", "purpose": "ติดตามผล", "participation_level": "involve"}
        response = client.post(url, {**data, "founded_on": "2025-01-01", "term_ends_on": "2024-01-01"})
        assert response.status_code == 200 and "คณะกรรมการใหม่" in response.content.decode()
        assert not WorkingGroup.objects.exists()
        response = client.post(url, {**data, "founded_on": "2025-01-01", "practices_text": "ข้อหนึ่ง\n\nข้อสอง\n"})
        group = WorkingGroup.objects.get()
        assert response["Location"] == group.get_manage_url()
        assert group.practices == ["ข้อหนึ่ง", "ข้อสอง"]

    def test_a_closed_group_refuses_new_input_with_a_clear_page(self, client, group, staff_singburi):
        services.group_close(group=group, actor=staff_singburi, closed_on=datetime.date(2025, 9, 1), reason="ครบ")
        for path in ["edit/", "members/new/", "activities/new/", "orders/new/", "awards/new/", "close/", "criteria/"]:
            response = client.get(f"{group.get_manage_url()}{path}")
            assert response.status_code == 400, path
            assert "closed" in response.content.decode() or "ปิด" in response.content.decode()

    def test_accept_a_request_through_the_pages(self, client, group):
        request, _ = services.join_request_submit(
            group=group, data={"name": "ผู้สมัคร", "email": "a@example.org", "motivation": "ช่วย"}, token="1" * 32
        )
        assert "ผู้สมัคร" in client.get(group.get_manage_url()).content.decode()
        response = client.post(f"{group.get_manage_url()}requests/{request.pk}/accept/", {"role": "member"})
        assert response.status_code == 302
        assert group.members.get().name == "ผู้สมัคร"
        # Decided: the confirmation is gone.
        assert client.get(f"{group.get_manage_url()}requests/{request.pk}/accept/").status_code == 404

    def test_an_order_prints_in_the_thai_official_layout(self, client, group, named):
        response = client.post(
            f"{group.get_manage_url()}orders/new/",
            {
                "number": "12/2568",
                "subject": "แต่งตั้งคณะทำงาน",
                "body": "เพื่อการดำเนินงาน",
                "issued_on": "2024-10-20",
                "signer_name": "ผู้ลงนาม",
                "signer_position": "ผู้อำนวยการ",
            },
        )
        body = client.get(response["Location"]).content.decode()
        assert "ที่ ๑๒/๒๕๖๘" in body and "สั่ง ณ วันที่ ๒๐ ตุลาคม พ.ศ. ๒๕๖๗" in body
        assert named.name in body and "ประธาน" in client.get(f"/en{response['Location']}").content.decode()

    def test_an_order_without_members_is_refused_with_the_form_kept(self, client, group):
        response = client.post(
            f"{group.get_manage_url()}orders/new/",
            {"number": "99/2568", "subject": "ก", "body": "ข", "issued_on": "2024-10-20", "signer_name": "ค"},
        )
        assert response.status_code == 200 and "99/2568" in response.content.decode()

    def test_scores_above_the_highest_are_refused(self, client, group, named, staff_singburi):
        criterion = services.criterion_add(group=group, actor=staff_singburi, name="ร่วมกิจกรรม", max_score=5)
        url = f"{group.get_manage_url()}scores/?year=2568"
        response = client.post(url, {f"m{named.pk}c{criterion.pk}-score": "9"})
        assert response.status_code == 400
        assert client.post(url, {f"m{named.pk}c{criterion.pk}-score": "5"}).status_code == 302
        assert "5" in client.get(url).content.decode()

    def test_a_certificate_in_thai_digits(self, client, group, named, staff_singburi):
        item = award(group, named, staff_singburi)
        body = client.get(item.get_certificate_url()).content.decode()
        assert "เกียรติบัตร" in body and named.name in body and "๒๕๖๘" in body
