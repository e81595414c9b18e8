"""Reading and writing the stakeholder network as CSV, the way Thai offices' spreadsheets produce it.

Reading is pure: `read_members` takes the uploaded bytes and the office's
groups and returns every valid row and every problem (by line number, where
line 1 is the header) without touching the database; the service decides what
to write. File-level problems (empty, binary, an Excel workbook, missing
columns) raise ValidationError. Lines are CSV records, so they match the row
numbers a spreadsheet shows even when a cell holds several lines of text.

Writing produces the same columns the reader accepts, in UTF-8 with a BOM so
that Excel shows Thai correctly, and an export can be imported back unchanged.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.fields import single_line
from participation.models import StakeholderGroup
from participation.network.models import NetworkMember
from participation.spreadsheets import export_cell, imported_cell
from participation.uploads import sniff

# Column key → the header written on export (first) and every header accepted on import.
COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("group", "กลุ่ม", "stakeholder group", "กลุ่มผู้มีส่วนได้ส่วนเสีย"),
    "name": ("name", "ชื่อ", "full name", "ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อ นามสกุล"),
    "organisation": ("organisation", "organization", "หน่วยงาน", "องค์กร", "องค์การ"),
    "role": ("role", "position", "ตำแหน่ง"),
    "phone": ("phone", "telephone", "tel", "โทรศัพท์", "เบอร์โทรศัพท์", "เบอร์โทร"),
    "email": ("email", "e-mail", "อีเมล", "อีเมล์"),
    "note": ("note", "notes", "หมายเหตุ"),
    "active": ("active", "สถานะ"),
}
REQUIRED_COLUMNS = ("group", "name")
# Columns stored as they are on the member (`group` and `active` are converted).
TEXT_COLUMNS = ("name", "organisation", "role", "phone", "email", "note")

TRUE_VALUES = frozenset({"1", "yes", "y", "true", "active", "ใช่", "ใช้งาน", "ปกติ"})
FALSE_VALUES = frozenset({"0", "no", "n", "false", "inactive", "ไม่ใช่", "ไม่ใช้งาน", "ยกเลิก"})

UTF8 = gettext_lazy("UTF-8")
UTF8_BOM = gettext_lazy("UTF-8 with BOM")
UTF16 = gettext_lazy("UTF-16 (Unicode text)")
THAI_WINDOWS = gettext_lazy("Thai Windows-874 / TIS-620")

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class LineError:
    """One problem of one line of the file (line 1 is the header)."""

    line: int
    message: str
    code: str


@dataclass
class MemberRow:
    """A valid line: its group and the values of the columns the file has."""

    line: int
    group: StakeholderGroup
    values: dict[str, object]

    @property
    def key(self) -> tuple[int, str, str]:
        return member_key(self.group.pk, str(self.values["name"]), str(self.values.get("organisation", "")))


@dataclass
class ParsedMembers:
    encoding: str
    delimiter: str
    columns: tuple[str, ...]
    ignored_headers: tuple[str, ...] = ()
    rows: list[MemberRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def member_key(group_id: int, name: str, organisation: str) -> tuple[int, str, str]:
    """What makes a member unique in a group (as the constraint network_member_unique_in_group), of the
    name and organisation as they are stored: on one line."""
    return (group_id, single_line(name).lower(), single_line(organisation).lower())


# --- Reading ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of an uploaded CSV file and the name of the encoding it was read in."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ValidationError(_("The file is empty."), code="empty")
    family = sniff(data)
    if family in {"xlsx", "ole2", "ods"}:
        raise ValidationError(
            _(
                "This is a spreadsheet workbook, not a CSV file. In Excel choose File › Save As › "
                "“CSV UTF-8 (Comma delimited)” and upload that file."
            ),
            code="workbook",
        )
    if family is not None or data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("This is not a CSV file (it looks like a %(type)s file).") % {"type": (family or "ZIP").upper()},
            code="binary",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_or_none(data, "utf-16"), str(UTF16)
    elif b"\x00" in data:
        text, encoding = None, ""
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode_or_none(data, "utf-8-sig"), str(UTF8_BOM)
    else:
        text, encoding = _decode_or_none(data, "utf-8"), str(UTF8)
        if text is None:
            # Excel in Thai Windows saves "CSV (Comma delimited)" in Windows-874, a superset of TIS-620.
            text, encoding = _decode_or_none(data, "cp874"), str(THAI_WINDOWS)
    if text is None or len(CONTROL.findall(text.rstrip("\x1a"))) > max(2, len(text) // 100):
        raise ValidationError(
            _(
                "The file could not be read as text. Save it from your spreadsheet as "
                "“CSV UTF-8 (Comma delimited)” and upload it again."
            ),
            code="binary",
        )
    return text.rstrip("\x1a"), encoding


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def normalize_header(header: str) -> str:
    header = unicodedata.normalize("NFC", header).replace("\ufeff", "")
    return " ".join(header.split()).strip(" *:").casefold()


HEADER_ALIASES = {normalize_header(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def column_label(key: str) -> str:
    """A column as the page names it: its English and Thai header."""
    return f"{COLUMNS[key][0]} / {next(a for a in COLUMNS[key] if not a.isascii())}"


def map_headers(headers: Sequence[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Column key → index in the row, and the headers that were not recognised."""
    mapping: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(headers):
        key = HEADER_ALIASES.get(normalize_header(header))
        if key is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        if key in mapping:
            raise ValidationError(
                _("The column “%(header)s” appears twice in the first line (as “%(first)s” and “%(second)s”).")
                % {"header": column_label(key), "first": headers[mapping[key]].strip(), "second": header.strip()},
                code="duplicate_column",
            )
        mapping[key] = index
    missing = [key for key in REQUIRED_COLUMNS if key not in mapping]
    if missing:
        raise ValidationError(
            _("The first line must name the columns; these required columns are missing: %(columns)s.")
            % {"columns": ", ".join(column_label(key) for key in missing)},
            code="missing_columns",
        )
    return mapping, tuple(ignored)


def guess_delimiter(first_line: str) -> str:
    """Comma, unless the header line is clearly separated by semicolons or tabs."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def clean_cell(value: str) -> str:
    return imported_cell(unicodedata.normalize("NFC", CONTROL.sub("", value)).strip())


def parse_active(value: str) -> bool | None:
    value = value.strip().casefold()
    if not value or value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    return None


def _group_index(groups: Iterable[StakeholderGroup]) -> dict[str, list[StakeholderGroup]]:
    index: dict[str, list[StakeholderGroup]] = {}
    for group in groups:
        for label in {group.name.strip().casefold(), group.name_en.strip().casefold()} - {""}:
            index.setdefault(label, []).append(group)
    return index


def read_members(data: bytes, *, groups: Iterable[StakeholderGroup]) -> ParsedMembers:
    """Check every line of a members CSV against the office's groups; nothing is written."""
    text, encoding = decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = guess_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = enumerate(reader, start=1)
    try:
        header_line, headers = next(((n, r) for n, r in records if any(cell.strip() for cell in r)), (0, None))
        if headers is None:
            raise ValidationError(_("The file is empty."), code="empty")
        mapping, ignored = map_headers(headers)
        parsed = ParsedMembers(encoding=encoding, delimiter=delimiter, columns=tuple(mapping), ignored_headers=ignored)
        by_label = _group_index(groups)
        seen: dict[tuple[int, str, str], int] = {}
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue  # blank lines are skipped, but still counted, as a spreadsheet numbers them
            row, errors = _read_row(line, record, mapping, len(headers), by_label)
            parsed.errors.extend(errors)
            if row is None:
                continue
            if row.key in seen:
                parsed.errors.append(
                    LineError(
                        line,
                        _("Lines %(first)d and %(line)d are the same member (same group, name and organisation).")
                        % {"first": seen[row.key], "line": line},
                        "duplicate_in_file",
                    )
                )
                continue
            seen[row.key] = line
            parsed.rows.append(row)
    except csv.Error as error:
        raise ValidationError(
            _("The file is not valid CSV near line %(line)d: %(error)s") % {"line": reader.line_num, "error": error},
            code="bad_csv",
        ) from error
    if not parsed.rows and not parsed.errors:
        raise ValidationError(
            _("The file has a header line (line %(line)d) but no members below it.") % {"line": header_line},
            code="no_rows",
        )
    parsed.errors.sort(key=lambda error: error.line)
    return parsed


def _read_row(
    line: int,
    record: list[str],
    mapping: dict[str, int],
    width: int,
    by_label: dict[str, list[StakeholderGroup]],
) -> tuple[MemberRow | None, list[LineError]]:
    errors: list[LineError] = []

    def fail(message: str, code: str) -> None:
        errors.append(LineError(line, message, code))

    if any(cell.strip() for cell in record[width:]):
        fail(
            _(
                "This line has more values than the first line has columns; "
                "a value containing the separator must be put in double quotes."
            ),
            "too_many_values",
        )
    cells = {key: clean_cell(record[index]) if index < len(record) else "" for key, index in mapping.items()}
    # Every value but the note on one line, as the member's fields store them (participation.fields).
    cells = {key: value if key == "note" else single_line(value) for key, value in cells.items()}

    group = None
    label = cells["group"]
    if not label:
        fail(_("The group is empty."), "group_empty")
    else:
        matches = by_label.get(label.casefold(), [])
        if not matches:
            fail(
                _("There is no stakeholder group “%(group)s” in this office.") % {"group": label[:100]},
                "group_unknown",
            )
        elif len(matches) > 1:
            fail(
                _("Several stakeholder groups of this office are called “%(group)s”; rename one of them.")
                % {"group": label[:100]},
                "group_ambiguous",
            )
        else:
            group = matches[0]

    values: dict[str, object] = {}
    for key in TEXT_COLUMNS:
        if key not in cells:
            continue
        value = cells[key]
        limit = NetworkMember._meta.get_field(key).max_length
        if limit is not None and len(value) > limit:
            fail(
                _("The %(column)s is too long: %(length)d characters, at most %(limit)d.")
                % {"column": NetworkMember._meta.get_field(key).verbose_name, "length": len(value), "limit": limit},
                "too_long",
            )
        values[key] = value
    if not cells["name"]:
        fail(_("The name is empty."), "name_empty")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            fail(_("“%(email)s” is not a valid e-mail address.") % {"email": str(values["email"])[:100]}, "email")
    if "active" in cells:
        active = parse_active(cells["active"])
        if active is None:
            fail(
                _("“%(value)s” in the active column is not understood; write yes or no (ใช่ or ไม่ใช่).")
                % {"value": cells["active"][:40]},
                "active",
            )
        values["is_active"] = active
    if errors or group is None:
        return None, errors
    return MemberRow(line=line, group=group, values=values), errors


# --- Writing ------------------------------------------------------------------

EXPORT_HEADERS = [aliases[0] for aliases in COLUMNS.values()]


def write_members(members: Iterable[NetworkMember], out: io.TextIOBase) -> None:
    """Write members (with their groups fetched) as CSV in the columns `read_members` accepts."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    for member in members:
        row = [
            member.group.name,
            member.name,
            member.organisation,
            member.role,
            member.phone,
            member.email,
            member.note,
            "yes" if member.is_active else "no",
        ]
        writer.writerow([export_cell(value) for value in row])


def export_members(members: Iterable[NetworkMember]) -> bytes:
    """The CSV file of members: UTF-8 with a BOM, which Excel needs to show Thai."""
    out = io.StringIO(newline="")
    write_members(members, out)
    return out.getvalue().encode("utf-8-sig")
