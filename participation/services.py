"""Writes with rules or side effects on offices, their people and their stakeholder groups. The
workspace and the Django admin both come through here, so every change leaves its audit row.

A group's Thai and English names are unique among the office's groups whatever the case (the
network import finds groups by either); the services check this first so that a duplicate gets a
message that says what clashes, not an IntegrityError.
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup

OFFICE_FIELDS = (
    "slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "parent", "province", "region", "address",
    "phone", "email", "website", "director_name", "director_position", "is_active", "emblem",
)  # fmt: skip
GROUP_FIELDS = ("name", "name_en", "category", "description", "position")


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Not {what} field: {sorted(unknown)}")


# --- Offices --------------------------------------------------------------------


@transaction.atomic
def office_create(*, actor: User | None, data: dict[str, Any]) -> Office:
    """Open a new office (site administrators)."""
    _check_fields(data, OFFICE_FIELDS, "an office")
    office = Office(**data)
    office.full_clean()
    office.save()
    AuditEvent.record(actor=actor, action="office.created", target=office)
    return office


@transaction.atomic
def office_update(*, office: Office, actor: User | None, data: dict[str, Any]) -> Office:
    """Change an office's details; only the fields given, and only those that differ."""
    _check_fields(data, OFFICE_FIELDS, "an office")
    office = Office.objects.select_for_update().get(pk=office.pk)
    changed = [name for name, value in data.items() if getattr(office, name) != value]
    if not changed:
        return office
    for name in changed:
        setattr(office, name, data[name])
    office.full_clean()
    office.save(update_fields=changed)
    AuditEvent.record(actor=actor, action="office.updated", target=office, fields=changed)
    return office


# --- Accounts -------------------------------------------------------------------


@transaction.atomic
def account_save(*, actor: User | None, user, changed: list[str]) -> None:
    """Save an account a site administrator created or changed; the trail names the fields (never
    the password's value), so who was given site-wide rights, and by whom, stays on record."""
    created = user.pk is None
    user.save()
    fields = sorted(name for name in changed if name != "password")
    if created:
        AuditEvent.record(actor=actor, action="account.created", target=user, fields=fields)
    elif changed:
        AuditEvent.record(actor=actor, action="account.updated", target=user, fields=fields)


@transaction.atomic
def account_password_set(*, actor: User | None, user, password: str | None) -> None:
    """Give an account a new password (a site administrator's reset), or none (None: password sign-in
    is switched off); the trail says so, never what."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    AuditEvent.record(actor=actor, action="account.password_set", target=user, usable=password is not None)


@transaction.atomic
def account_delete(*, actor: User | None, user) -> None:
    """Remove an account (its memberships go with it)."""
    AuditEvent.record(actor=actor, action="account.deleted", target=user, username=user.get_username())
    user.delete()


# --- Memberships ----------------------------------------------------------------


@transaction.atomic
def membership_set(*, actor: User | None, user, office: Office, role: str) -> OfficeMembership:
    """Give a user a role in an office, or change the role they have there."""
    if role not in OfficeMembership.Role.values:
        raise ValueError(f"Unknown role: {role!r}")
    membership, created = OfficeMembership.objects.select_for_update().get_or_create(
        user=user, office=office, defaults={"role": role}
    )
    if created:
        AuditEvent.record(actor=actor, action="membership.granted", target=membership, user=user.pk, role=role)
    elif membership.role != role:
        previous, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        AuditEvent.record(
            actor=actor, action="membership.role_changed", target=membership, user=user.pk, role=role, previous=previous
        )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: OfficeMembership) -> None:
    """Remove a user from an office."""
    AuditEvent.record(actor=actor, action="membership.revoked", target=membership, user=membership.user_id)
    membership.delete()


# --- Stakeholder groups ---------------------------------------------------------


def _check_group_names(*, office: Office, name: str, name_en: str, exclude_pk: int | None = None) -> None:
    taken: dict[str, StakeholderGroup] = {}
    for other in StakeholderGroup.objects.for_office(office).exclude(pk=exclude_pk):
        for label in (other.name, other.name_en):
            if label.strip():
                taken.setdefault(label.strip().casefold(), other)
    errors = {}
    for field, value in (("name", name), ("name_en", name_en)):
        other = taken.get(value.strip().casefold()) if value.strip() else None
        if other is None:
            continue
        if other.name.strip().casefold() == value.strip().casefold():
            message = _("Another stakeholder group of this office is already called “%(name)s”.") % {"name": value}
        else:
            message = _("“%(name)s” is already the English name of the group “%(other)s”.") % {
                "name": value,
                "other": other.name,
            }
        errors[field] = ValidationError(message, code="duplicate_group")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    office: Office,
    actor: User | None,
    name: str,
    category: str,
    name_en: str = "",
    description: str = "",
    position: int = 0,
) -> StakeholderGroup:
    """Add a stakeholder group to an office."""
    Office.objects.select_for_update().get(pk=office.pk)  # one writer of the office's names at a time
    _check_group_names(office=office, name=name, name_en=name_en)
    group = StakeholderGroup(
        office=office, name=name, name_en=name_en, category=category, description=description, position=position
    )
    group.full_clean()
    group.save()
    AuditEvent.record(actor=actor, action="stakeholder_group.created", target=group)
    return group


@transaction.atomic
def group_update(*, group: StakeholderGroup, actor: User | None, data: dict[str, Any]) -> StakeholderGroup:
    """Change a group's names, category, description or order; only the fields given."""
    _check_fields(data, GROUP_FIELDS, "a stakeholder group")
    Office.objects.select_for_update().get(pk=group.office_id)
    group = StakeholderGroup.objects.select_for_update(of=("self",)).select_related("office").get(pk=group.pk)
    changed = [name for name, value in data.items() if getattr(group, name) != value]
    if not changed:
        return group
    for name in changed:
        setattr(group, name, data[name])
    _check_group_names(office=group.office, name=group.name, name_en=group.name_en, exclude_pk=group.pk)
    group.full_clean()
    group.save(update_fields=changed)
    AuditEvent.record(actor=actor, action="stakeholder_group.updated", target=group, fields=changed)
    return group


@transaction.atomic
def group_delete(*, group: StakeholderGroup, actor: User | None) -> None:
    """Remove a stakeholder group, with its attendance rows and members (site administrators)."""
    AuditEvent.record(actor=actor, action="stakeholder_group.deleted", target=group, name=group.name)
    group.delete()
