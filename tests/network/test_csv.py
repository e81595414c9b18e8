"""Importing the network from CSV, exporting it, and reading CSV (pure functions).

Assertions look at data, status codes, error codes and line numbers rather
than message texts, which change when the Thai catalogue is filled in.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from participation.models import AuditEvent
from participation.network import csv_io as network_csv
from participation.network import services
from participation.network.models import NetworkMember
from tests.factories import png_bytes, upload
from tests.network.helpers import HEADER, MEDIA, csv_file, do_import, page

pytestmark = pytest.mark.django_db


def members(office) -> set[tuple]:
    return set(
        NetworkMember.objects.for_office(office).values_list(
            "group__name", "name", "organisation", "role", "phone", "email", "note", "is_active"
        )
    )


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
