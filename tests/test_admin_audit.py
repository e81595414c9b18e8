"""Every write the Django admin can make leaves an audit row, because the admin writes through the
services like the workspace does.

`WRITE_PATHS` names every way the admin can change data (add, change, delete, the "delete selected"
action, inline rows, the password page); test_every_admin_write_path_is_walked fails when a model
admin allows a write this module does not walk.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup
from tests.factories import StakeholderGroupFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def office_form(office, **changes):
    data = {
        "slug": office.slug,
        "name_th": office.name_th,
        "name_en": office.name_en,
        "short_name_th": office.short_name_th,
        "short_name_en": office.short_name_en,
        "kind": office.kind,
        "parent": "",
        "province": office.province,
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "website": office.website,
        "director_name": office.director_name,
        "director_position": office.director_position,
        "is_active": "on" if office.is_active else "",
    }
    groups = list(office.stakeholder_groups.all())
    data.update(
        {
            "stakeholder_groups-TOTAL_FORMS": str(len(groups)),
            "stakeholder_groups-INITIAL_FORMS": str(len(groups)),
            "stakeholder_groups-MIN_NUM_FORMS": "0",
            "stakeholder_groups-MAX_NUM_FORMS": "1000",
        }
    )
    for index, group in enumerate(groups):
        prefix = f"stakeholder_groups-{index}-"
        data.update(
            {
                f"{prefix}id": str(group.pk),
                f"{prefix}office": str(office.pk),
                f"{prefix}position": str(group.position),
                f"{prefix}name": group.name,
                f"{prefix}name_en": group.name_en,
                f"{prefix}category": group.category,
            }
        )
    data.update(changes)
    return data


def rows(action: str):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def admin_client(client, site_admin):
    client.force_login(site_admin)
    return client


def post_ok(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


# --- Offices and their groups (inline) --------------------------------------------


def test_office_add(admin_client, singburi):
    data = office_form(singburi, slug="lopburi1", name_th="สพป.ลพบุรี เขต 1", name_en="Lop Buri 1")
    data.update({"stakeholder_groups-TOTAL_FORMS": "0", "stakeholder_groups-INITIAL_FORMS": "0"})
    post_ok(admin_client, reverse("admin:participation_office_add"), data)
    created = Office.objects.get(slug="lopburi1")
    assert rows("office.created").filter(target_id=str(created.pk)).exists()


def test_office_change(admin_client, singburi):
    url = reverse("admin:participation_office_change", args=[singburi.pk])
    post_ok(admin_client, url, office_form(singburi, phone="036 511 111"))
    singburi.refresh_from_db()
    assert singburi.phone == "036 511 111"
    assert rows("office.updated").get().data["fields"] == ["phone"]


def test_office_inline_groups_add_change_delete(admin_client, singburi):
    extra = StakeholderGroupFactory(office=singburi, name="ครูและบุคลากร", position=5)
    url = reverse("admin:participation_office_change", args=[singburi.pk])
    data = office_form(singburi)
    index = next(i for i in range(3) if data.get(f"stakeholder_groups-{i}-id") == str(extra.pk))
    first = 1 - index
    data[f"stakeholder_groups-{first}-name_en"] = "Media of Sing Buri"
    data[f"stakeholder_groups-{index}-DELETE"] = "on"
    data.update(
        {
            "stakeholder_groups-TOTAL_FORMS": "3",
            "stakeholder_groups-2-office": str(singburi.pk),
            "stakeholder_groups-2-position": "9",
            "stakeholder_groups-2-name": "ผู้ปกครอง",
            "stakeholder_groups-2-name_en": "Parents",
            "stakeholder_groups-2-category": "parents",
        }
    )
    post_ok(admin_client, url, data)
    assert rows("stakeholder_group.updated").exists()
    assert rows("stakeholder_group.deleted").filter(target_id=str(extra.pk)).exists()
    assert rows("stakeholder_group.created").filter(target_repr="ผู้ปกครอง").exists()


def test_offices_are_never_deleted(admin_client, singburi):
    assert admin_client.get(reverse("admin:participation_office_delete", args=[singburi.pk])).status_code == 403
    assert Office.objects.filter(pk=singburi.pk).exists()


# --- Stakeholder groups --------------------------------------------------------------

GROUP = {"position": "3", "name": "ชมรมผู้ปกครอง", "name_en": "Parents' club", "category": "parents"}


def test_group_add(admin_client, singburi):
    post_ok(admin_client, reverse("admin:participation_stakeholdergroup_add"), {**GROUP, "office": singburi.pk})
    group = StakeholderGroup.objects.get(name="ชมรมผู้ปกครอง")
    assert rows("stakeholder_group.created").filter(target_id=str(group.pk)).exists()


def test_group_change(admin_client, singburi):
    group = singburi.stakeholder_groups.get()
    url = reverse("admin:participation_stakeholdergroup_change", args=[group.pk])
    post_ok(admin_client, url, {**GROUP, "name": group.name, "category": group.category})
    assert rows("stakeholder_group.updated").filter(target_id=str(group.pk)).exists()


def test_group_delete(admin_client, singburi):
    group = singburi.stakeholder_groups.get()
    post_ok(admin_client, reverse("admin:participation_stakeholdergroup_delete", args=[group.pk]), {"post": "yes"})
    assert rows("stakeholder_group.deleted").filter(target_id=str(group.pk)).exists()


def test_group_delete_selected(admin_client, singburi, chainat):
    ids = [str(pk) for pk in StakeholderGroup.objects.values_list("pk", flat=True)]
    data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    post_ok(admin_client, reverse("admin:participation_stakeholdergroup_changelist"), data)
    assert rows("stakeholder_group.deleted").count() == len(ids) == 2


def test_a_member_adding_a_group_of_their_office_is_audited(client, staff_singburi, singburi):
    client.force_login(staff_singburi)
    post_ok(client, reverse("admin:participation_stakeholdergroup_add"), {**GROUP, "office": singburi.pk})
    assert rows("stakeholder_group.created").get().actor == staff_singburi


# --- Memberships ---------------------------------------------------------------------


def test_membership_add(admin_client, singburi):
    user = UserFactory(username="new-director")
    data = {"user": user.pk, "office": singburi.pk, "role": "director"}
    post_ok(admin_client, reverse("admin:participation_officemembership_add"), data)
    event = rows("membership.granted").get()
    assert event.data == {"user": user.pk, "role": "director"}


def test_membership_change(admin_client, staff_singburi):
    membership = OfficeMembership.objects.get(user=staff_singburi)
    url = reverse("admin:participation_officemembership_change", args=[membership.pk])
    post_ok(admin_client, url, {"role": "director"})
    membership.refresh_from_db()
    assert membership.role == "director"
    assert rows("membership.role_changed").get().data["previous"] == "staff"


def test_membership_delete(admin_client, staff_singburi):
    membership = OfficeMembership.objects.get(user=staff_singburi)
    url = reverse("admin:participation_officemembership_delete", args=[membership.pk])
    post_ok(admin_client, url, {"post": "yes"})
    assert rows("membership.revoked").filter(target_id=str(membership.pk)).exists()


def test_membership_delete_selected(admin_client, singburi, staff_singburi, director_singburi):
    ids = [str(pk) for pk in OfficeMembership.objects.values_list("pk", flat=True)]
    data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    post_ok(admin_client, reverse("admin:participation_officemembership_changelist"), data)
    assert rows("membership.revoked").count() == 2


# --- Accounts ------------------------------------------------------------------------


def test_account_add(admin_client):
    data = {"username": "new-staff", "usable_password": "true", "password1": "a-Long-pass-2569", "password2": ""}
    data["password2"] = data["password1"]
    post_ok(admin_client, reverse("admin:auth_user_add"), data)
    user = User.objects.get(username="new-staff")
    assert rows("account.created").filter(target_id=str(user.pk)).exists()


def test_account_change_records_who_became_superuser(admin_client, staff_singburi):
    url = reverse("admin:auth_user_change", args=[staff_singburi.pk])
    data = {
        "username": staff_singburi.username,
        "first_name": "",
        "last_name": "",
        "email": staff_singburi.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    post_ok(admin_client, url, data)
    assert "is_superuser" in rows("account.updated").get().data["fields"]


def test_account_password_reset(admin_client, staff_singburi):
    url = reverse("admin:auth_user_password_change", args=[staff_singburi.pk])
    post_ok(admin_client, url, {"password1": "a-New-pass-2569", "password2": "a-New-pass-2569"})
    staff_singburi.refresh_from_db()
    assert staff_singburi.check_password("a-New-pass-2569")
    event = rows("account.password_set").get()
    assert "a-New-pass-2569" not in str(event.data)


def test_account_delete(admin_client, staff_singburi):
    url = reverse("admin:auth_user_delete", args=[staff_singburi.pk])
    post_ok(admin_client, url, {"post": "yes"})
    assert rows("account.deleted").get().data["username"] == "staff-singburi"


def test_account_delete_selected(admin_client, singburi):
    users = [UserFactory(username=f"temp-{n}") for n in range(2)]
    data = {"action": "delete_selected", "_selected_action": [str(u.pk) for u in users], "post": "yes"}
    post_ok(admin_client, reverse("admin:auth_user_changelist"), data)
    assert rows("account.deleted").count() == 2


# --- The walk itself -------------------------------------------------------------------

# model label → the write paths walked above ("add", "change", "delete", "delete_selected", …).
WRITE_PATHS = {
    "participation.office": {"add", "change", "inline"},
    "participation.stakeholdergroup": {"add", "change", "delete", "delete_selected"},
    "participation.officemembership": {"add", "change", "delete", "delete_selected"},
    "auth.user": {"add", "change", "password", "delete", "delete_selected"},
}


def test_every_admin_write_path_is_walked(rf, site_admin):
    request = rf.get("/admin/")
    request.user = site_admin
    for model, model_admin in admin.site._registry.items():
        writes = {
            name
            for name, allowed in [
                ("add", model_admin.has_add_permission(request)),
                ("change", model_admin.has_change_permission(request)),
                ("delete", model_admin.has_delete_permission(request)),
            ]
            if allowed
        }
        if writes:
            walked = WRITE_PATHS.get(model._meta.label_lower, set())
            assert writes <= walked, f"{model._meta.label}: {sorted(writes - walked)} not walked"
            if "delete" in writes:
                assert "delete_selected" in walked, f"{model._meta.label}: the bulk deletion is not walked"
        else:
            assert model._meta.label_lower not in WRITE_PATHS, f"{model._meta.label} is read-only now"


def test_members_cannot_write_rows_of_other_offices(client, staff_singburi, chainat):
    group = chainat.stakeholder_groups.get()
    client.force_login(staff_singburi)
    client.post(reverse("admin:participation_stakeholdergroup_delete", args=[group.pk]), {"post": "yes"})
    assert StakeholderGroup.objects.filter(pk=group.pk).exists()
    assert not rows("stakeholder_group.deleted").exists()
