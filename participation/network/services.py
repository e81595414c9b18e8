"""Writes to an office's stakeholder network: the members of its groups, and CSV imports. The groups
themselves belong to the core (`participation.services`), which the import uses to add them.

A member's name and organisation are unique within its group whatever the case (the constraint
network_member_unique_in_group); the services check this first so that a duplicate gets a message
that says what clashes, not an IntegrityError.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.models import AuditEvent, Office, StakeholderGroup
from participation.network import csv_io as network_csv
from participation.network.models import NetworkMember

MEMBER_FIELDS = ("group", "name", "organisation", "role", "phone", "email", "note", "is_active")


# --- Members ------------------------------------------------------------------


def _check_member(member: NetworkMember) -> None:
    """The group is the office's own, and no other member of it has the same name and organisation."""
    if member.group.office_id != member.office_id:
        raise ValidationError({"group": _("Choose one of this office's stakeholder groups.")}, code="other_office")
    clash = (
        NetworkMember.objects.filter(group=member.group)
        .exclude(pk=member.pk)
        .alias(name_ci=Lower("name"), organisation_ci=Lower("organisation"))
        .filter(name_ci=Lower(Value(member.name)), organisation_ci=Lower(Value(member.organisation)))
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "name": _(
                    "“%(member)s” is already in the group “%(group)s”. Change the name or the organisation, "
                    "or edit the member who is there."
                )
                % {"member": clash, "group": member.group.name}
            },
            code="duplicate_member",
        )


def _save_member(member: NetworkMember, update_fields: list[str] | None = None) -> None:
    _check_member(member)
    member.full_clean()
    try:
        with transaction.atomic():  # a savepoint: someone may have added the same member a moment ago
            member.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(
            {"name": _("This member was just added by someone else. Reload the network page to see it.")},
            code="duplicate_member",
        ) from error


@transaction.atomic
def member_create(
    *,
    office: Office,
    actor: User | None,
    group: StakeholderGroup,
    name: str,
    organisation: str = "",
    role: str = "",
    phone: str = "",
    email: str = "",
    note: str = "",
    is_active: bool = True,
) -> NetworkMember:
    """Add a person or organisation to one of the office's stakeholder groups."""
    member = NetworkMember(
        office=office,
        group=group,
        name=name,
        organisation=organisation,
        role=role,
        phone=phone,
        email=email,
        note=note,
        is_active=is_active,
    )
    _save_member(member)
    # Personal data stays out of the audit trail: which member and which group, not what they are called.
    AuditEvent.record(actor=actor, action="network_member.created", target=member, group=group.pk)
    return member


@transaction.atomic
def member_update(*, member: NetworkMember, actor: User | None, data: dict[str, Any]) -> NetworkMember:
    """Change a member's details; unticking is_active takes them out of the active network."""
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"Not a network member field: {sorted(unknown)}")
    member = NetworkMember.objects.select_for_update(of=("self",)).select_related("group", "office").get(pk=member.pk)
    changed = [name for name, value in data.items() if getattr(member, name) != value]
    if not changed:
        return member
    for name in changed:
        setattr(member, name, data[name])
    _save_member(member, update_fields=[*changed, "updated_at"])
    extra = {"active": member.is_active} if "is_active" in changed else {}
    AuditEvent.record(actor=actor, action="network_member.updated", target=member, fields=changed, **extra)
    return member


# --- Import -------------------------------------------------------------------


class MembersImportRejected(ValidationError):
    """Some lines of the file are wrong, so nothing was imported; `parsed.errors` says which."""

    def __init__(self, parsed: network_csv.ParsedMembers):
        self.parsed = parsed
        lines = len({error.line for error in parsed.errors})
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)d line of the file has problems.",
                "Nothing was imported: %(count)d lines of the file have problems.",
                lines,
            )
            % {"count": lines},
            code="rows_invalid",
        )


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    encoding: str
    ignored_headers: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@transaction.atomic
def members_import(*, office: Office, actor: User | None, data: bytes, filename: str = "") -> ImportSummary:
    """Import a CSV of members: all lines or none.

    Every line is checked before anything is written. A line whose group, name
    and organisation match an existing member (ignoring case) updates that
    member with the file's values; a column the file does not have leaves that
    detail as it is. Members missing from the file are left unchanged.
    """
    # Imports and edits of one office's network run one at a time.
    Office.objects.select_for_update().get(pk=office.pk)
    parsed = network_csv.read_members(data, groups=list(StakeholderGroup.objects.for_office(office)))
    if not parsed.is_valid:
        raise MembersImportRejected(parsed)

    existing = {
        network_csv.member_key(member.group_id, member.name, member.organisation): member
        for member in NetworkMember.objects.for_office(office).select_for_update()
    }
    now = timezone.now()
    to_create: list[NetworkMember] = []
    to_update: list[NetworkMember] = []
    updated_fields: set[str] = set()
    for row in parsed.rows:
        member = existing.get(row.key)
        if member is None:
            member = NetworkMember(office=office, group=row.group, **row.values)
            to_create.append(member)
        else:
            changed = [name for name, value in row.values.items() if getattr(member, name) != value]
            if not changed:
                continue
            for name in changed:
                setattr(member, name, row.values[name])
            member.updated_at = now
            updated_fields.update(changed)
            to_update.append(member)
        # Groups, uniqueness and constraints were checked above for the whole file at once.
        try:
            member.full_clean(exclude={"office", "group"}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            parsed.errors.extend(network_csv.LineError(row.line, message, "invalid") for message in error.messages)
    if not parsed.is_valid:
        raise MembersImportRejected(parsed)
    try:
        with transaction.atomic():
            NetworkMember.objects.bulk_create(to_create, batch_size=500)
            if to_update:
                NetworkMember.objects.bulk_update(to_update, [*sorted(updated_fields), "updated_at"], batch_size=500)
    except IntegrityError as error:
        raise ValidationError(
            _("The network was changed by someone else during the import. Nothing was imported; please try again."),
            code="conflict",
        ) from error

    summary = ImportSummary(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(parsed.rows) - len(to_create) - len(to_update),
        encoding=parsed.encoding,
        ignored_headers=parsed.ignored_headers,
    )
    AuditEvent.record(
        actor=actor,
        action="network.imported",
        target=office,
        filename=filename[:150],
        encoding=parsed.encoding,
        rows=len(parsed.rows),
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
    )
    return summary
