"""Persona fixtures shared by the whole suite.

citizen              anyone, not logged in
staff_singburi       staff of the Sing Buri office
director_singburi    director of the Sing Buri office
staff_other_office   staff of Chai Nat, who must see nothing of Sing Buri's that is not public
site_admin           a superuser
"""

import pytest
from django.test import Client

from participation.models import OfficeMembership
from tests.factories import MembershipFactory, OfficeFactory, StakeholderGroupFactory, UserFactory

PERSONAS = ["citizen", "staff_singburi", "director_singburi", "staff_other_office", "site_admin"]


@pytest.fixture
def singburi(db):
    office = OfficeFactory(
        slug="singburi",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี",
        name_en="Sing Buri Primary Educational Service Area Office",
        short_name_th="สพป.สิงห์บุรี",
        short_name_en="Sing Buri PESAO",
        director_name="ดร.พิเชฐร์ วันทอง",
    )
    StakeholderGroupFactory(office=office, name="เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี", name_en="Sing Buri media network")
    return office


@pytest.fixture
def chainat(db):
    office = OfficeFactory(
        slug="chainat",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        name_en="Chai Nat Primary Educational Service Area Office",
    )
    StakeholderGroupFactory(office=office, name="ผู้ปกครองนักเรียนชัยนาท", name_en="Chai Nat parents")
    return office


@pytest.fixture
def staff_singburi(singburi):
    return MembershipFactory(
        user=UserFactory(username="staff-singburi", is_staff=True), office=singburi, role=OfficeMembership.Role.STAFF
    ).user


@pytest.fixture
def director_singburi(singburi):
    return MembershipFactory(
        user=UserFactory(username="director-singburi", is_staff=True),
        office=singburi,
        role=OfficeMembership.Role.DIRECTOR,
    ).user


@pytest.fixture
def staff_other_office(chainat):
    return MembershipFactory(
        user=UserFactory(username="staff-chainat", is_staff=True), office=chainat, role=OfficeMembership.Role.STAFF
    ).user


@pytest.fixture
def site_admin(db):
    return UserFactory(username="site-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def citizen():
    return None


@pytest.fixture
def client_for(request, singburi, chainat):
    """client_for("staff_singburi") → a test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        user = request.getfixturevalue(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make
