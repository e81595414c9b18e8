"""Memberships granted, changed and revoked through the core's services."""

import pytest

from participation.models import AuditEvent, OfficeMembership
from participation.services import membership_revoke, membership_set
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestMembershipServices:
    def test_grant_change_and_revoke_are_audited(self):
        actor, user, place = UserFactory(is_superuser=True), UserFactory(), OfficeFactory()
        membership = membership_set(actor=actor, user=user, office=place, role="staff")
        membership_set(actor=actor, user=user, office=place, role="staff")  # no change, no row
        membership_set(actor=actor, user=user, office=place, role="director")
        membership.refresh_from_db()
        assert membership.role == "director"
        membership_revoke(actor=actor, membership=membership)
        assert not OfficeMembership.objects.filter(user=user).exists()
        actions = list(AuditEvent.objects.filter(office=place).order_by("pk").values_list("action", flat=True))
        assert actions == ["membership.granted", "membership.role_changed", "membership.revoked"]
        assert AuditEvent.objects.filter(actor=actor).count() == 3

    def test_unknown_role_is_refused(self):
        with pytest.raises(ValueError):
            membership_set(actor=None, user=UserFactory(), office=OfficeFactory(), role="king")
