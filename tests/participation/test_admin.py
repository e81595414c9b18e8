"""The Django admin: site administrators see everything; office people only their offices."""

import pytest
from django.urls import reverse

from participation.models import StakeholderGroup

pytestmark = pytest.mark.django_db


def changelist(model: str) -> str:
    return reverse(f"admin:participation_{model}_changelist")


def test_citizen_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_admin_flag_cannot_enter(client, staff_singburi):
    staff_singburi.is_staff = False
    staff_singburi.save()
    client.force_login(staff_singburi)
    assert client.get("/admin/").status_code == 302


def test_site_admin_sees_every_office(client, site_admin, singburi, chainat):
    client.force_login(site_admin)
    html = client.get(changelist("stakeholdergroup")).content.decode()
    assert "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี" in html and "ผู้ปกครองนักเรียนชัยนาท" in html
    assert client.get(reverse("admin:participation_office_add")).status_code == 200


@pytest.mark.parametrize("persona", ["staff_singburi", "director_singburi"])
def test_members_see_only_their_office(client, request, persona, singburi, chainat):
    client.force_login(request.getfixturevalue(persona))
    groups = client.get(changelist("stakeholdergroup")).content.decode()
    assert "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี" in groups
    assert "ผู้ปกครองนักเรียนชัยนาท" not in groups
    offices = client.get(changelist("office")).content.decode()
    assert singburi.name_th in offices and chainat.name_th not in offices


def test_member_cannot_open_or_change_another_offices_record(client, staff_singburi, chainat):
    client.force_login(staff_singburi)
    group = StakeholderGroup.objects.get(office=chainat)
    url = reverse("admin:participation_stakeholdergroup_change", args=[group.pk])
    # The admin answers "does not exist" for rows outside the member's queryset.
    assert client.get(url).status_code == 302
    client.post(url, {"office": chainat.pk, "name": "changed", "category": "media", "position": 1})
    group.refresh_from_db()
    assert group.name == "ผู้ปกครองนักเรียนชัยนาท"
    assert client.get(reverse("admin:participation_office_change", args=[chainat.pk])).status_code == 302


def test_member_adds_groups_only_to_their_office(client, staff_singburi, singburi, chainat):
    client.force_login(staff_singburi)
    add = reverse("admin:participation_stakeholdergroup_add")
    form = client.get(add).content.decode()
    assert singburi.name_th in form and chainat.name_th not in form
    client.post(add, {"office": chainat.pk, "name": "แอบเพิ่ม", "category": "media", "position": 1})
    assert not StakeholderGroup.objects.filter(name="แอบเพิ่ม").exists()
    response = client.post(add, {"office": singburi.pk, "name": "กลุ่มใหม่", "category": "media", "position": 2})
    assert response.status_code == 302
    assert StakeholderGroup.objects.filter(office=singburi, name="กลุ่มใหม่").exists()


def test_member_cannot_add_offices_or_grant_roles(client, director_singburi):
    client.force_login(director_singburi)
    assert client.get(reverse("admin:participation_office_add")).status_code == 403
    assert client.get(reverse("admin:participation_officemembership_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_member_cannot_move_their_office_slug(client, staff_singburi, singburi):
    client.force_login(staff_singburi)
    url = reverse("admin:participation_office_change", args=[singburi.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="name_th"' in html
    assert 'name="slug"' not in html
