"""The permission rules, persona by persona, in one table (participation.permissions).

The matrix in test_permissions.py checks the same rules through every page; this table checks the
answers the views, forms, services, tasks and the admin all get from the one module.
"""

import pytest

from participation import permissions
from participation.models import OfficeMembership
from participation.permissions import Ability
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

A = Ability
# persona → what they may do in Sing Buri. Everything not listed is refused.
TABLE = {
    "citizen": set(),
    "staff_singburi": {A.PREVIEW, A.ACT},
    "handler_singburi": {A.PREVIEW, A.ACT, A.HANDLE_MISCONDUCT},
    "director_singburi": {A.PREVIEW, A.ACT, A.DECIDE, A.HANDLE_MISCONDUCT, A.DIRECT},
    "staff_other_office": set(),
    "site_admin": {A.PREVIEW, A.ACT, A.HANDLE_MISCONDUCT, A.DIRECT, A.ADMINISTER},
    "inactive_director": set(),
}


@pytest.fixture
def handler_singburi(singburi):
    """Staff the director named to handle reports of misconduct."""
    user = UserFactory(username="handler-singburi")
    MembershipFactory(user=user, office=singburi, role=OfficeMembership.Role.STAFF, sees_misconduct=True)
    return user


@pytest.fixture
def inactive_director(singburi):
    """A director whose account was switched off keeps the row, and loses every right."""
    user = UserFactory(username="gone-director", is_active=False)
    MembershipFactory(user=user, office=singburi, role=OfficeMembership.Role.DIRECTOR)
    return user


@pytest.mark.parametrize("persona", list(TABLE))
@pytest.mark.parametrize("ability", list(Ability))
def test_the_table(request, singburi, chainat, persona, ability):
    user = request.getfixturevalue(persona)
    assert permissions.can(user, singburi, ability) is (ability in TABLE[persona])


@pytest.mark.parametrize("persona", list(TABLE))
def test_a_standing_answers_as_can_does(request, singburi, chainat, persona):
    user = request.getfixturevalue(persona)
    standing = permissions.standing(user, singburi)
    assert {ability for ability in Ability if standing.can(ability)} == TABLE[persona]
    assert standing.can_decide is (A.DECIDE in TABLE[persona])
    assert standing.can_direct is (A.DIRECT in TABLE[persona])
    assert standing.can_handle_misconduct is (A.HANDLE_MISCONDUCT in TABLE[persona])


def test_another_offices_people_have_no_rights_here_but_theirs_there(singburi, chainat, staff_other_office):
    assert permissions.can(staff_other_office, chainat, A.ACT)
    assert not permissions.can(staff_other_office, singburi, A.PREVIEW)


def test_a_site_admin_who_is_also_a_director_decides_for_that_office_only(singburi, chainat, site_admin):
    MembershipFactory(user=site_admin, office=singburi, role=OfficeMembership.Role.DIRECTOR)
    assert permissions.can(site_admin, singburi, A.DECIDE)
    assert not permissions.can(site_admin, chainat, A.DECIDE)


def test_offices_where(singburi, chainat, staff_singburi, site_admin, handler_singburi):
    assert permissions.office_ids_where(staff_singburi, A.ACT) == {singburi.pk}
    assert permissions.office_ids_where(staff_singburi, A.HANDLE_MISCONDUCT) == set()
    assert permissions.office_ids_where(handler_singburi, A.HANDLE_MISCONDUCT) == {singburi.pk}
    assert permissions.office_ids_where(site_admin, A.ACT) is None  # every office
    assert permissions.office_ids_where(site_admin, A.DECIDE) == set()


def test_who_is_told_about_misconduct(singburi, staff_singburi, director_singburi, handler_singburi):
    handlers = {m.user for m in permissions.members_who_can(singburi, A.HANDLE_MISCONDUCT)}
    assert handlers == {director_singburi, handler_singburi}
    workers = {m.user for m in permissions.members_who_can(singburi, A.ACT)}
    assert workers == {staff_singburi, director_singburi, handler_singburi}
