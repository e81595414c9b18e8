"""Every "may this user … in this office" question, answered in one place.

Views, forms, services, tasks and the admin ask `can()` (or a `Standing`, which answers for one
user in one office without asking the database again), so a rule changes here and nowhere else.

A person's roles in an office come from their membership there (staff or director; staff the
director named also handle reports of misconduct) and from being a site administrator (a
superuser), who helps every office but decides nothing in its name.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.http import Http404
from django.shortcuts import get_object_or_404

from participation.models import Office, OfficeMembership


class Ability(StrEnum):
    PREVIEW = "preview"  # see the office's records that are not public (drafts, internal files)
    ACT = "act"  # work in the office's workspace: write, publish, record, answer
    DECIDE = "decide"  # approve or return the yearly summary, in the director's name
    HANDLE_MISCONDUCT = "handle_misconduct"  # see and answer reports of misconduct
    DIRECT = "direct"  # the office's settings: who handles misconduct, reply deadlines, retention
    ADMINISTER = "administer"  # offices, accounts and roles


class Role(StrEnum):
    STAFF = "staff"
    HANDLER = "handler"  # staff the director named to handle reports of misconduct
    DIRECTOR = "director"
    SITE_ADMIN = "site_admin"


A = Ability
# The whole table: what each role may do in an office.
RULES: dict[Role, frozenset[Ability]] = {
    Role.STAFF: frozenset({A.PREVIEW, A.ACT}),
    Role.HANDLER: frozenset({A.PREVIEW, A.ACT, A.HANDLE_MISCONDUCT}),
    Role.DIRECTOR: frozenset({A.PREVIEW, A.ACT, A.DECIDE, A.HANDLE_MISCONDUCT, A.DIRECT}),
    # Site administrators help any office; the decision on its summary stays with its own director.
    Role.SITE_ADMIN: frozenset({A.PREVIEW, A.ACT, A.HANDLE_MISCONDUCT, A.DIRECT, A.ADMINISTER}),
}


def membership_roles(membership: OfficeMembership | None) -> set[Role]:
    """The roles a membership row gives."""
    if membership is None:
        return set()
    if membership.role == OfficeMembership.Role.DIRECTOR:
        return {Role.DIRECTOR}
    return {Role.HANDLER} if membership.sees_misconduct else {Role.STAFF}


@dataclass(frozen=True)
class Standing:
    """What one user may do in one office, worked out once (one query) per request."""

    user: object
    office: Office
    membership: OfficeMembership | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)

    def can(self, ability: Ability) -> bool:
        return any(ability in RULES[role] for role in self.roles)

    # For templates, which cannot pass arguments.
    @property
    def can_decide(self) -> bool:
        return self.can(A.DECIDE)

    @property
    def can_direct(self) -> bool:
        return self.can(A.DIRECT)

    @property
    def can_handle_misconduct(self) -> bool:
        return self.can(A.HANDLE_MISCONDUCT)


def is_site_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def standing(user, office: Office, *, membership: OfficeMembership | None = None) -> Standing:
    """The user's standing in the office (no roles for the public)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Standing(user=user, office=office)
    if membership is None:
        membership = OfficeMembership.objects.filter(user=user, office=office).first()
    roles = membership_roles(membership)
    if is_site_admin(user):
        roles.add(Role.SITE_ADMIN)
    return Standing(user=user, office=office, membership=membership, roles=frozenset(roles))


def can(user, office: Office, ability: Ability) -> bool:
    """May the user do this in the office?"""
    return standing(user, office).can(ability)


def access_standing(user, slug: str, ability: Ability = A.ACT) -> Standing:
    """The office with this slug and the user's standing there; 404 unless they may do `ability`, so
    nobody learns whether an office they may not work in has such a page."""
    if user is None or not user.is_authenticated:
        raise Http404
    membership = OfficeMembership.objects.select_related("office").filter(user=user, office__slug=slug).first()
    if membership is not None:
        office = membership.office
    elif is_site_admin(user):
        office = get_object_or_404(Office, slug=slug)
    else:
        raise Http404
    result = standing(user, office, membership=membership)
    if not result.can(ability):
        raise Http404
    return result


def administers(user) -> bool:
    """May the user administer the site: offices, accounts and roles (the Django admin)?"""
    return is_site_admin(user) and Ability.ADMINISTER in RULES[Role.SITE_ADMIN]


def office_ids_where(user, ability: Ability) -> set[int] | None:
    """Ids of the offices where the user may do `ability`; None means every office (site administrators)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if is_site_admin(user) and ability in RULES[Role.SITE_ADMIN]:
        return None
    memberships = OfficeMembership.objects.filter(user=user)
    return {m.office_id for m in memberships if any(ability in RULES[role] for role in membership_roles(m))}


def members_who_can(office: Office, ability: Ability):
    """The office's memberships (with their users) whose role allows `ability`: who to tell, who to assign."""
    memberships = OfficeMembership.objects.filter(office=office, user__is_active=True).select_related("user")
    return [m for m in memberships if any(ability in RULES[role] for role in membership_roles(m))]
