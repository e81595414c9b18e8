"""Writes with rules or side effects on offices and their people."""

from django.db import transaction

from participation.models import AuditEvent, Office, OfficeMembership


@transaction.atomic
def membership_set(*, actor, user, office: Office, role: str) -> OfficeMembership:
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
def membership_revoke(*, actor, membership: OfficeMembership) -> None:
    """Remove a user from an office."""
    AuditEvent.record(actor=actor, action="membership.revoked", target=membership, user=membership.user_id)
    membership.delete()
