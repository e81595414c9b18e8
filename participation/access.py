"""Fetch an office the way every public view must: failing with the same 404 for "does not
exist" and "not shown". The workspace's look-ups go through `participation.permissions`."""

from django.shortcuts import get_object_or_404

from participation.models import Office


def access_public_office(slug: str) -> Office:
    """An office shown to the public, by its slug."""
    return get_object_or_404(Office.objects.active().select_related("parent"), slug=slug)
