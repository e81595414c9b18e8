"""Fetch an office, or an office's record, the way every view must: within
the office, failing with the same 404 for "does not exist" and "not yours"."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from participation.models import Office, OfficeMembership


def access_public_office(slug: str) -> Office:
    """An office shown to the public, by its slug."""
    return get_object_or_404(Office.objects.active().select_related("parent"), slug=slug)


def access_office_membership(user, slug: str, *, director: bool = False) -> OfficeMembership:
    """The user's membership of the office with this slug; 404 when there is none.

    A superuser acts as a director of every office, so site administrators can
    help any office without being added to it.
    """
    if not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        office = get_object_or_404(Office, slug=slug)
        return OfficeMembership(user=user, office=office, role=OfficeMembership.Role.DIRECTOR)
    membership = OfficeMembership.objects.select_related("office").filter(user=user, office__slug=slug).first()
    if membership is None or (director and not membership.is_director):
        raise Http404
    return membership


def works_for(user, office: Office) -> bool:
    """Whether the user may see the office's records that are not public (previews, internal files)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or OfficeMembership.objects.filter(user=user, office=office).exists()
