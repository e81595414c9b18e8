import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from participation.demo import DEMO_PASSWORD
from participation.models import Office, OfficeMembership, StakeholderGroup

pytestmark = pytest.mark.django_db

DEMO_SLUGS = {"singburi", "chainat", "loei1", "ratchaburi1", "ops-moe"}


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_creates_the_five_offices_of_the_sources(settings):
    settings.DEBUG = True
    seed()
    assert set(Office.objects.values_list("slug", flat=True)) == DEMO_SLUGS
    # The Sing Buri seminar's six invited groups.
    assert StakeholderGroup.objects.filter(office__slug="singburi").count() == 6
    for office in Office.objects.all():
        office.full_clean()
        assert office.stakeholder_groups.exists()
        roles = set(office.memberships.values_list("role", flat=True))
        assert roles == {OfficeMembership.Role.STAFF, OfficeMembership.Role.DIRECTOR}


def test_seed_is_idempotent(settings):
    settings.DEBUG = True
    seed()
    counts = (Office.objects.count(), StakeholderGroup.objects.count(), OfficeMembership.objects.count())
    seed()
    assert (Office.objects.count(), StakeholderGroup.objects.count(), OfficeMembership.objects.count()) == counts


@pytest.mark.parametrize("username", ["singburi-staff", "singburi-director", "ops-moe-director", "demo-admin"])
def test_demo_accounts_log_in_with_the_readme_password(settings, client, username):
    settings.DEBUG = True
    seed()
    assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert client.get("/manage/").status_code == 200


def test_readme_shows_the_demo_password():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert DEMO_PASSWORD in readme


def test_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not Office.objects.exists()
