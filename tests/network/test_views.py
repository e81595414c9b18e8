"""The stakeholder network in the workspace: permissions, groups, members, the network page.

Assertions look at data, status codes, error codes and line numbers rather
than message texts, which change when the Thai catalogue is filled in.
"""

import pytest

from participation.models import AuditEvent, StakeholderGroup
from participation.network.models import NetworkMember
from tests.conftest import PERSONAS
from tests.helpers import OWN_OFFICE
from tests.network.helpers import HEADER, MEDIA, PAGES, csv_file, do_import, page

pytestmark = pytest.mark.django_db


# --- Permissions --------------------------------------------------------------

CASES = [(name, persona, OWN_OFFICE[persona]) for name in PAGES for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_get_permissions(client_for, network, name, persona, expected):
    response = client_for(persona).get(page(name, **network))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["network:group_edit", "network:member_edit"])
def test_other_offices_ids_do_not_exist_under_an_office_url(client_for, network, name, persona):
    """Sing Buri's group and member ids under Chai Nat's workspace: 404 for everyone who may enter it."""
    response = client_for(persona).get(page(name, "chainat", **network))
    assert response.status_code == (302 if persona == "citizen" else 404)


def test_staff_of_chainat_reach_their_own_records(client_for, network):
    client = client_for("staff_other_office")
    ids = {"group": network["other_group"], "member": network["other_member"]}
    for name in PAGES:
        assert client.get(page(name, "chainat", **ids)).status_code == 200, name


def test_another_office_cannot_write(client_for, network, media):
    client = client_for("staff_other_office")
    member_edit = page("network:member_edit", **network)
    group_edit = page("network:group_edit", **network)
    assert client.post(member_edit, {"group": media.pk, "name": "เปลี่ยน"}).status_code == 404
    assert client.post(group_edit, {"name": "เปลี่ยน", "category": "media", "position": 0}).status_code == 404
    create = page("network:member_create")
    assert client.post(create, {"group": media.pk, "name": "แทรก"}).status_code == 404
    assert do_import(client, csv_file(HEADER + f"{MEDIA},แทรก,,,,,,\r\n")).status_code == 404
    assert NetworkMember.objects.get(pk=network["member"]).name == "นางสาวสมใจ ใจดี"
    assert not NetworkMember.objects.filter(name__in=["เปลี่ยน", "แทรก"]).exists()
    assert StakeholderGroup.objects.get(pk=network["group"]).name == MEDIA


def test_network_page_shows_only_the_office_s_members(client_for, network):
    html = client_for("staff_singburi").get(page("network:manage")).content.decode()
    assert "นางสาวสมใจ ใจดี" in html and "s@example.org" in html
    assert "นายชัยนาท ผู้ปกครอง" not in html and "ผู้ปกครองนักเรียนชัยนาท" not in html


def test_members_are_not_on_the_public_office_page(client, network):
    response = client.get("/singburi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert MEDIA in html  # the office's groups are shown, their members are not
    assert "นางสาวสมใจ ใจดี" not in html and "s@example.org" not in html


# --- Groups -------------------------------------------------------------------


def group_data(**overrides):
    return {"name": "ผู้ปกครอง", "name_en": "Parents", "category": "parents", "description": "", "position": 3} | (
        overrides
    )


def test_group_create_and_edit(client_for, singburi, staff_singburi):
    client = client_for("staff_singburi")
    response = client.post(page("network:group_create"), group_data())
    assert response.status_code == 302 and response["Location"] == page("network:manage")
    group = StakeholderGroup.objects.get(office=singburi, name="ผู้ปกครอง")
    assert (group.name_en, group.category, group.position) == ("Parents", "parents", 3)
    assert AuditEvent.objects.filter(action="stakeholder_group.created", target_id=str(group.pk)).exists()

    edit = page("network:group_edit", group=group.pk)
    assert client.get(edit).context["form"].initial["name"] == "ผู้ปกครอง"
    response = client.post(edit, group_data(name="ผู้ปกครองนักเรียน", description="ทุกโรงเรียน"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.description) == ("ผู้ปกครองนักเรียน", "ทุกโรงเรียน")
    event = AuditEvent.objects.get(action="stakeholder_group.updated")
    assert sorted(event.data["fields"]) == ["description", "name"] and event.actor == staff_singburi


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": MEDIA}, "name"),
        ({"name": "Sing Buri MEDIA network"}, "name"),  # another group's English name, in another case
        ({"name_en": "sing buri media network"}, "name_en"),
    ],
)
def test_group_duplicate_names_are_form_errors(client_for, singburi, media, data, field):
    response = client_for("staff_singburi").post(page("network:group_create"), group_data(**data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert StakeholderGroup.objects.filter(office=singburi).count() == 1


def test_group_may_share_a_name_with_another_office_s_group(client_for, singburi):
    response = client_for("staff_singburi").post(page("network:group_create"), group_data(name="ผู้ปกครองนักเรียนชัยนาท"))
    assert response.status_code == 302


def test_group_edit_keeping_its_own_name_is_not_a_duplicate(client_for, media):
    edit = page("network:group_edit", group=media.pk)
    data = group_data(name=MEDIA, name_en="Sing Buri media network", category="media")
    assert client_for("director_singburi").post(edit, data).status_code == 302


# --- Members ------------------------------------------------------------------


def member_data(group, **overrides):
    data = {
        "group": group.pk,
        "name": "นายสมชาย รักดี",
        "organisation": "สถานีวิทยุชุมชน",
        "role": "ผู้จัดรายการ",
        "phone": "081 234 5678",
        "email": "somchai@example.org",
        "note": "",
        "is_active": "on",
    }
    return data | overrides


def test_member_create_edit_and_deactivate(client_for, singburi, media, teachers, staff_singburi):
    client = client_for("staff_singburi")
    create = page("network:member_create")
    assert client.get(f"{create}?group={teachers.pk}").context["form"].initial["group"] == str(teachers.pk)
    response = client.post(create, member_data(media))
    assert response.status_code == 302 and response["Location"] == page("network:manage")
    member = NetworkMember.objects.get(office=singburi, name="นายสมชาย รักดี")
    assert (member.group, member.phone, member.is_active) == (media, "081 234 5678", True)
    assert AuditEvent.objects.filter(action="network_member.created", target_id=str(member.pk)).exists()

    edit = page("network:member_edit", member=member.pk)
    assert client.get(edit).context["form"].initial["email"] == "somchai@example.org"
    data = member_data(teachers, role="ประธาน")
    del data["is_active"]  # unticked
    assert client.post(edit, data).status_code == 302
    member.refresh_from_db()
    assert (member.group, member.role, member.is_active) == (teachers, "ประธาน", False)
    event = AuditEvent.objects.get(action="network_member.updated")
    assert set(event.data["fields"]) == {"group", "role", "is_active"} and event.data["active"] is False
    assert "นายสมชาย" not in str(event.data)  # personal data stays out of the audit details


def test_member_duplicate_is_a_form_error(client_for, singburi, media, network):
    client = client_for("staff_singburi")
    create = page("network:member_create")
    response = client.post(create, member_data(media, name="นางสาวสมใจ ใจดี", organisation="หนังสือพิมพ์สิงห์บุรี"))
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert NetworkMember.objects.filter(office=singburi).count() == 1


def test_member_duplicate_ignores_case(client_for, singburi, media):
    client = client_for("staff_singburi")
    create = page("network:member_create")
    assert client.post(create, member_data(media, name="John Smith", organisation="ACME")).status_code == 302
    response = client.post(create, member_data(media, name="JOHN SMITH", organisation="acme"))
    assert response.status_code == 200 and "name" in response.context["form"].errors
    # The same person in another group, or with another organisation, is someone else.
    assert client.post(create, member_data(media, name="John Smith", organisation="Other")).status_code == 302


def test_member_edit_into_a_duplicate_is_a_form_error(client_for, media, network):
    other = NetworkMember.objects.create(office=media.office, group=media, name="คนที่สอง")
    edit = page("network:member_edit", member=other.pk)
    data = member_data(media, name="นางสาวสมใจ ใจดี", organisation="หนังสือพิมพ์สิงห์บุรี")
    response = client_for("staff_singburi").post(edit, data)
    assert response.status_code == 200 and "name" in response.context["form"].errors
    other.refresh_from_db()
    assert other.name == "คนที่สอง"


def test_member_cannot_be_put_in_another_office_s_group(client_for, singburi, network):
    client = client_for("staff_singburi")
    create = page("network:member_create")
    response = client.post(create, member_data(StakeholderGroup.objects.get(pk=network["other_group"])))
    assert response.status_code == 200 and "group" in response.context["form"].errors
    assert list(response.context["form"].fields["group"].queryset) == list(
        StakeholderGroup.objects.for_office(singburi)
    )


def test_member_invalid_email_keeps_what_was_typed(client_for, media):
    response = client_for("staff_singburi").post(
        page("network:member_create"), member_data(media, email="not-an-address")
    )
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert "นายสมชาย รักดี" in response.content.decode()


# --- The network page ---------------------------------------------------------


def test_groups_show_active_member_counts(client_for, singburi, media, teachers):
    for index in range(3):
        NetworkMember.objects.create(office=singburi, group=media, name=f"สมาชิก {index}", is_active=index != 2)
    response = client_for("staff_singburi").get(page("network:manage"))
    counts = {group.name: group.active_members for group in response.context["groups"]}
    assert counts == {MEDIA: 2, teachers.name: 0}


def test_member_filters(client_for, singburi, media, teachers):
    NetworkMember.objects.create(office=singburi, group=media, name="นักข่าว หนึ่ง", organisation="วิทยุ")
    NetworkMember.objects.create(office=singburi, group=media, name="นักข่าว สอง", is_active=False)
    NetworkMember.objects.create(office=singburi, group=teachers, name="ครู สาม", organisation="โรงเรียนวัดพระนอน")
    client = client_for("staff_singburi")
    url = page("network:manage")

    def names(**query):
        return {member.name for member in client.get(url, query).context["members"]}

    assert names() == {"นักข่าว หนึ่ง", "นักข่าว สอง", "ครู สาม"}
    assert names(group=media.pk) == {"นักข่าว หนึ่ง", "นักข่าว สอง"}
    assert names(state="inactive") == {"นักข่าว สอง"}
    assert names(state="active", group=media.pk) == {"นักข่าว หนึ่ง"}
    assert names(q="วัดพระ") == {"ครู สาม"}
    assert names(q="สอง") == {"นักข่าว สอง"}
    assert names(group="99999") == names()  # a stale filter is ignored


def test_members_are_paginated_by_50(client_for, singburi, media):
    NetworkMember.objects.bulk_create(
        NetworkMember(office=singburi, group=media, name=f"สมาชิก {index:03}") for index in range(60)
    )
    client = client_for("staff_singburi")
    first = client.get(page("network:manage"))
    assert len(first.context["members"]) == 50 and first.context["paginator"].count == 60
    assert len(client.get(page("network:manage"), {"page": 2}).context["members"]) == 10
