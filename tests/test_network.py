"""The stakeholder network in the workspace: permissions, groups, members, CSV import and export.

Assertions look at data, status codes, error codes and line numbers rather
than message texts, which change when the Thai catalogue is filled in.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import AuditEvent, StakeholderGroup
from participation.network import csv_io as network_csv
from participation.network import services
from participation.network.models import NetworkMember
from tests.conftest import PERSONAS
from tests.factories import StakeholderGroupFactory, png_bytes, upload

pytestmark = pytest.mark.django_db

BASE = "/manage/{office}/network/"
PAGES = {
    "network:manage": BASE,
    "network:group_create": BASE + "groups/new/",
    "network:group_edit": BASE + "groups/{group}/edit/",
    "network:member_create": BASE + "members/new/",
    "network:member_edit": BASE + "members/{member}/edit/",
    "network:import": BASE + "import/",
    "network:export": BASE + "export.csv",
}
OWN_OFFICE = {
    "citizen": 302,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 404,
    "site_admin": 200,
}
HEADER = "group,name,organisation,role,phone,email,note,active\r\n"
MEDIA = "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี"  # the Sing Buri group made by the singburi fixture


@pytest.fixture
def media(singburi):
    return StakeholderGroup.objects.get(office=singburi, name=MEDIA)


@pytest.fixture
def teachers(singburi):
    return StakeholderGroupFactory(
        office=singburi, name="ครูและบุคลากรทางการศึกษา", name_en="Teachers", category="teachers", position=1
    )


@pytest.fixture
def network(singburi, chainat, media):
    """One member in each office, and the ids the URLs need."""
    parents = StakeholderGroup.objects.get(office=chainat)
    member = NetworkMember.objects.create(
        office=singburi, group=media, name="นางสาวสมใจ ใจดี", organisation="หนังสือพิมพ์สิงห์บุรี", email="s@example.org"
    )
    other = NetworkMember.objects.create(office=chainat, group=parents, name="นายชัยนาท ผู้ปกครอง")
    return {"group": media.pk, "member": member.pk, "other_group": parents.pk, "other_member": other.pk}


def page(name: str, office: str = "singburi", **ids) -> str:
    return PAGES[name].format(office=office, **ids)


def csv_file(text: str, *, encoding: str = "utf-8", name: str = "members.csv"):
    return upload(name, text.encode(encoding), "text/csv")


def do_import(client, content, office="singburi"):
    return client.post(page("network:import", office), {"file": content})


def members(office) -> set[tuple]:
    return set(
        NetworkMember.objects.for_office(office).values_list(
            "group__name", "name", "organisation", "role", "phone", "email", "note", "is_active"
        )
    )


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
    html = client.get("/singburi/").content.decode()
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


def test_member_services_refuse_another_office_s_group(singburi, chainat, staff_singburi):
    parents = StakeholderGroup.objects.get(office=chainat)
    with pytest.raises(ValidationError):
        services.member_create(office=singburi, actor=staff_singburi, group=parents, name="ข้ามเขต")


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


def fill(office, *, groups: int, per_group: int) -> None:
    for _ in range(groups):
        group = StakeholderGroupFactory(office=office)
        NetworkMember.objects.bulk_create(
            NetworkMember(office=office, group=group, name=f"คน {group.pk}-{m}", email=f"p{m}@example.org")
            for m in range(per_group)
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?state=active&q=คน", "?group={group}"])
def test_network_page_runs_a_fixed_number_of_queries(client_for, singburi, chainat, media, query):
    client = client_for("staff_singburi")
    url = page("network:manage") + query.format(group=media.pk)
    fill(singburi, groups=1, per_group=2)
    NetworkMember.objects.create(office=singburi, group=media, name="คนสื่อ")
    small = count_queries(client, url)
    fill(singburi, groups=8, per_group=20)
    NetworkMember.objects.bulk_create(NetworkMember(office=singburi, group=media, name=f"คน {m}") for m in range(40))
    fill(chainat, groups=2, per_group=5)
    assert count_queries(client, url) == small


# --- Import -------------------------------------------------------------------

GOOD = (
    HEADER + f"{MEDIA},นางสาวสมใจ ใจดี,หนังสือพิมพ์สิงห์บุรี,บรรณาธิการ,081 234 5678,somjai@example.org,,yes\r\n"
    'Teachers,นายครู ดีเด่น,โรงเรียนวัดสิงห์,ครู,,,"ชอบงานอาสา, ร่วมทุกครั้ง",0\r\n'
)


def last_import() -> AuditEvent:
    return AuditEvent.objects.filter(action="network.imported").latest("pk")


def imported_ok(response) -> None:
    assert response.status_code == 302, response.context and (
        response.context.get("import_errors") or response.context["form"].errors
    )
    assert response["Location"] == page("network:manage")


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", network_csv.UTF8), ("utf-8-sig", network_csv.UTF8_BOM), ("cp874", network_csv.THAI_WINDOWS)],
)
def test_import_good_file_in_each_encoding(client_for, singburi, media, teachers, staff_singburi, encoding, label):
    response = do_import(client_for("staff_singburi"), csv_file(GOOD, encoding=encoding))
    imported_ok(response)
    assert members(singburi) == {
        (MEDIA, "นางสาวสมใจ ใจดี", "หนังสือพิมพ์สิงห์บุรี", "บรรณาธิการ", "081 234 5678", "somjai@example.org", "", True),
        (teachers.name, "นายครู ดีเด่น", "โรงเรียนวัดสิงห์", "ครู", "", "", "ชอบงานอาสา, ร่วมทุกครั้ง", False),
    }
    event = last_import()
    assert (event.data["created"], event.data["updated"], event.data["encoding"]) == (2, 0, str(label))
    assert event.office == singburi and event.actor == staff_singburi and event.data["filename"] == "members.csv"


def test_tis620_bytes_are_read_as_thai(singburi, media, staff_singburi):
    data = (HEADER + f"{MEDIA},นายทดสอบ ภาษาไทย,,,,,,\r\n").encode("tis-620")
    summary = services.members_import(office=singburi, actor=staff_singburi, data=data)
    assert summary.created == 1 and NetworkMember.objects.get().name == "นายทดสอบ ภาษาไทย"


def test_import_thai_headers_semicolons_and_any_column_order(singburi, media, staff_singburi):
    text = "อีเมล;ชื่อ;กลุ่ม;หน่วยงาน;สถานะ;คอลัมน์อื่น\r\nx@example.org;นายหนึ่ง;sing buri MEDIA network;วิทยุ;ไม่ใช่;ไม่ใช้\r\n"
    summary = services.members_import(office=singburi, actor=staff_singburi, data=text.encode())
    assert (summary.created, summary.ignored_headers) == (1, ("คอลัมน์อื่น",))
    member = NetworkMember.objects.get()
    assert (member.group, member.email, member.organisation, member.is_active) == (media, "x@example.org", "วิทยุ", False)


def test_import_tab_separated_utf16_as_excel_unicode_text(singburi, media, staff_singburi):
    data = f"Name\tGroup\r\nนายสอง\t{MEDIA}\r\n".encode("utf-16")
    assert services.members_import(office=singburi, actor=staff_singburi, data=data).created == 1


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(client_for, singburi, media, teachers):
    text = (
        HEADER
        + f"{MEDIA},คนดี หนึ่ง,,,,,,\r\n"  # 2: fine
        + f"{MEDIA},,วิทยุ,,,,,\r\n"  # 3: no name
        + "\r\n"  # 4: blank, skipped but counted
        + "กลุ่มที่ไม่มี,คนดี สอง,,,,,,\r\n"  # 5: unknown group
        + "ผู้ปกครองนักเรียนชัยนาท,คนดี สาม,,,,,,\r\n"  # 6: another office's group
        + f"{MEDIA},คนดี สี่,,,,not-an-email,,\r\n"  # 7: bad e-mail
        + f"{MEDIA},{'ก' * 201},,,,,,\r\n"  # 8: name too long
        + f"{MEDIA},คนดี ห้า,,,,,,maybe\r\n"  # 9: active not understood
        + f"{MEDIA},คนดี หก,,,,,,,extra\r\n"  # 10: more values than columns
        + ",คนดี เจ็ด,,,,,,\r\n"  # 11: no group
    )
    response = do_import(client_for("staff_singburi"), csv_file(text))
    assert response.status_code == 200
    errors = response.context["import_errors"]
    assert [(error.line, error.code) for error in errors] == [
        (3, "name_empty"),
        (5, "group_unknown"),
        (6, "group_unknown"),
        (7, "email"),
        (8, "too_long"),
        (9, "active"),
        (10, "too_many_values"),
        (11, "group_empty"),
    ]
    html = response.content.decode()
    assert "not-an-email" in html and 'name="file"' in html
    assert not NetworkMember.objects.exists()
    assert not AuditEvent.objects.filter(action="network.imported").exists()


def test_duplicate_rows_in_the_file_name_both_lines(singburi, media, staff_singburi):
    text = (
        HEADER
        + f"{MEDIA},John Smith,ACME,,,,,\r\n{MEDIA},Jane,,,,,,\r\nsing buri media network,JOHN SMITH,acme,,,,,\r\n"
    )
    with pytest.raises(services.MembersImportRejected) as rejected:
        services.members_import(office=singburi, actor=staff_singburi, data=text.encode())
    [error] = rejected.value.parsed.errors
    assert (error.line, error.code) == (4, "duplicate_in_file")
    assert "2" in error.message and "4" in error.message
    assert not NetworkMember.objects.exists()


def test_existing_members_are_updated_not_duplicated(client_for, singburi, media, network):
    NetworkMember.objects.filter(pk=network["member"]).update(phone="02 000 0000", note="เก่า", role="นักข่าว")
    text = (
        "group,name,organisation,role,email\r\n"  # no phone, note or active column: those stay as they are
        f"{MEDIA},นางสาวสมใจ ใจดี,หนังสือพิมพ์สิงห์บุรี,บรรณาธิการ,new@example.org\r\n"
        f"{MEDIA},คนใหม่,,,\r\n"
    )
    imported_ok(do_import(client_for("staff_singburi"), csv_file(text)))
    member = NetworkMember.objects.get(pk=network["member"])
    assert (member.role, member.email, member.phone, member.note) == (
        "บรรณาธิการ",
        "new@example.org",
        "02 000 0000",
        "เก่า",
    )
    assert NetworkMember.objects.filter(office=singburi).count() == 2
    assert (last_import().data["created"], last_import().data["updated"]) == (1, 1)


def test_existing_member_matched_ignoring_case(singburi, media, staff_singburi):
    NetworkMember.objects.create(office=singburi, group=media, name="John Smith", organisation="ACME")
    data = (HEADER + f"{MEDIA},JOHN SMITH,acme,Editor,,,,no\r\n").encode()
    summary = services.members_import(office=singburi, actor=staff_singburi, data=data)
    assert (summary.created, summary.updated) == (0, 1)
    member = NetworkMember.objects.get()
    assert (member.name, member.role, member.is_active) == ("JOHN SMITH", "Editor", False)


def test_import_does_not_touch_another_office(singburi, chainat, media, staff_singburi, network):
    before = members(chainat)
    data = (HEADER + f"{MEDIA},นายชัยนาท ผู้ปกครอง,,,,,,\r\n").encode()
    services.members_import(office=singburi, actor=staff_singburi, data=data)
    assert members(chainat) == before
    assert NetworkMember.objects.for_office(singburi).filter(name="นายชัยนาท ผู้ปกครอง").exists()


def xlsx_bytes() -> bytes:
    """An Excel workbook, as if someone renamed members.xlsx to members.csv."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    return out.getvalue()


def file_errors(response) -> list[str]:
    assert response.status_code == 200
    return [error.code for error in response.context["form"].errors.as_data()["file"]]


def test_missing_required_columns_are_named(client_for, singburi, media):
    response = do_import(client_for("staff_singburi"), csv_file("name,phone\r\nนายหนึ่ง,081\r\n"))
    assert file_errors(response) == ["missing_columns"]
    assert "group / กลุ่ม" in str(response.context["form"].errors["file"])
    response = do_import(client_for("staff_singburi"), csv_file("organisation,phone\r\nวิทยุ,081\r\n"))
    message = str(response.context["form"].errors["file"])
    assert "group / กลุ่ม" in message and "name / ชื่อ" in message
    assert not NetworkMember.objects.exists()


def test_oversize_file_is_refused(client_for, settings, singburi, media):
    settings.NETWORK_IMPORT_MAX_BYTES = 200
    text = HEADER + "".join(f"{MEDIA},คนที่ {n},,,,,,\r\n" for n in range(10))
    assert file_errors(do_import(client_for("staff_singburi"), csv_file(text))) == ["too_large"]
    assert not NetworkMember.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("members.csv", png_bytes(), "binary"),
        ("members.csv", xlsx_bytes(), "workbook"),
        ("members.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "workbook"),
        ("members.csv", b"group,name\r\n\x00\x01\x02\x03" + bytes(range(256)), "binary"),
        ("members.csv", b"\r\n  \r\n", "empty"),
        ("members.csv", b"", "empty"),
        ("members.csv", b"group,name\r\n", "no_rows"),
    ],
    ids=["png", "xlsx", "xls", "binary", "blank", "zero-bytes", "header-only"],
)
def test_files_that_are_not_a_members_csv_are_refused(client_for, singburi, media, name, content, code):
    response = do_import(client_for("staff_singburi"), upload(name, content))
    assert file_errors(response) == [code]
    assert not NetworkMember.objects.exists()


def test_import_page_explains_columns_and_links_the_template(client_for, singburi, media):
    html = client_for("staff_singburi").get(page("network:import")).content.decode()
    assert "หน่วยงาน" in html and "e-mail" in html and MEDIA in html
    assert page("network:export") in html


# --- Export -------------------------------------------------------------------


def test_export_downloads_utf8_with_bom(client_for, network):
    response = client_for("staff_singburi").get(page("network:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="network-singburi.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbfgroup,name,organisation,role,phone,email,note,active\r\n")
    text = response.content.decode("utf-8-sig")
    assert "นางสาวสมใจ ใจดี" in text and "นายชัยนาท" not in text


def test_export_follows_the_filter(client_for, singburi, media, teachers):
    NetworkMember.objects.create(office=singburi, group=media, name="สื่อ หนึ่ง")
    NetworkMember.objects.create(office=singburi, group=teachers, name="ครู หนึ่ง")
    text = client_for("staff_singburi").get(page("network:export"), {"group": teachers.pk})
    assert "ครู หนึ่ง" in text.content.decode("utf-8-sig") and "สื่อ หนึ่ง" not in text.content.decode("utf-8-sig")


def test_export_round_trip(client_for, singburi, media, teachers):
    rows = [
        (media, "นางสาวสมใจ ใจดี", "หนังสือพิมพ์, สิงห์บุรี", "บรรณาธิการ", "+66 81 234 5678", "a@example.org", "", True),
        (media, '"ครูแดง"', "", "", "", "", "บรรทัดหนึ่ง\nบรรทัดสอง", False),
        (teachers, '=HYPERLINK("http://evil.example")', "@org", "-role", "", "", "+note", True),
        (teachers, "John Smith", "ACME; Ltd", "", "", "", "", True),
    ]
    for group, name, organisation, role, phone, email, note, active in rows:
        NetworkMember.objects.create(
            office=singburi,
            group=group,
            name=name,
            organisation=organisation,
            role=role,
            phone=phone,
            email=email,
            note=note,
            is_active=active,
        )
    before = members(singburi)
    client = client_for("staff_singburi")
    exported = client.get(page("network:export")).content
    assert b"'=HYPERLINK" in exported and b"'@org" in exported and b"'-role" in exported
    assert b",+66 81 234 5678," in exported  # a phone number is not taken for a formula

    # Imported back unchanged: nothing to do.
    imported_ok(do_import(client, upload("network-singburi.csv", exported)))
    assert (last_import().data["created"], last_import().data["updated"], last_import().data["unchanged"]) == (0, 0, 4)
    assert members(singburi) == before

    # Into an empty network: the same members again.
    NetworkMember.objects.all().delete()
    imported_ok(do_import(client, upload("network-singburi.csv", exported)))
    assert members(singburi) == before


# --- Reading CSV (pure functions) ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", True),
        ("1", True),
        ("Yes", True),
        ("TRUE", True),
        ("ใช่", True),
        ("active", True),
        ("0", False),
        ("no", False),
        ("False", False),
        ("ไม่ใช่", False),
        ("Inactive", False),
        ("maybe", None),
    ],
)
def test_parse_active(value, expected):
    assert network_csv.parse_active(value) is expected


def test_header_aliases():
    headers = [" Organization ", "E-Mail", "ตำแหน่ง", "กลุ่ม", "ชื่อ", "Position?", "หมายเหตุ", "โทรศัพท์"]
    mapping, ignored = network_csv.map_headers(headers)
    assert mapping == {"organisation": 0, "email": 1, "role": 2, "group": 3, "name": 4, "note": 6, "phone": 7}
    assert ignored == ("Position?",)


def test_a_column_given_twice_is_refused():
    with pytest.raises(ValidationError) as error:
        network_csv.map_headers(["group", "name", "organisation", "องค์กร"])
    assert error.value.code == "duplicate_column"


def test_undecodable_bytes_are_refused():
    with pytest.raises(ValidationError) as error:
        network_csv.decode(b"group,name\r\n\x81\x82\x83\xfc\xfd\xfe\xff\r\n")
    assert error.value.code == "binary"
