"""The seed_demo command: the demo offices, accounts and records of the sources."""

from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from announcements.models import Announcement
from participation.demo import DEMO_PASSWORD
from participation.feedback.models import Feedback
from participation.meetings.models import Meeting
from participation.models import Office, OfficeMembership, StakeholderGroup

pytestmark = pytest.mark.django_db

DEMO_SLUGS = {"moe", "obec", "singburi", "chainat", "loei1", "ratchaburi1", "ops-moe"}


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_creates_the_five_offices_of_the_sources_and_their_supervisors(settings):
    settings.DEBUG = True
    seed()
    assert set(Office.objects.values_list("slug", flat=True)) == DEMO_SLUGS
    parents = dict(Office.objects.values_list("slug", "parent__slug"))
    assert parents == {
        "moe": None, "obec": "moe", "ops-moe": "moe",
        "singburi": "obec", "chainat": "obec", "loei1": "obec", "ratchaburi1": "obec",
    }  # fmt: skip
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
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_PASSWORD in readme


def test_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not Office.objects.exists()


def test_seed_adds_the_demo_announcements(settings, client):
    settings.DEBUG = True
    seed()
    seed()
    assert Announcement.objects.count() == 5
    measures = Announcement.objects.get(office__slug="chainat", kind=Announcement.Kind.ANNOUNCEMENT)
    assert measures.signer_name == "นางสาวลออ วิลัย"
    html = client.get(measures.get_absolute_url()).content.decode()
    assert "ประกาศ ณ วันที่ ๑๕ มิถุนายน พ.ศ. ๒๕๖๒" in html
    for step in ["ทบทวน", "เผยแพร่", "รับฟังความคิดเห็น", "ร่วมดำเนินงาน", "สรุปผล"]:
        assert step in html
    seminar = Announcement.objects.get(office__slug="singburi")
    assert "103" in seminar.body and seminar.target_groups.count() == 6
    assert "81" in Announcement.objects.get(office__slug="loei1").body


def test_seed_adds_the_demo_meetings(settings, client):
    settings.DEBUG = True
    seed()
    seed()
    seminar = Meeting.objects.with_totals().get(office__slug="singburi")
    assert seminar.attended_total == 103 and seminar.attendance.count() == 6
    assert seminar.starts_at.date().isoformat() == "2019-09-09" and len(seminar.objectives) == 2
    assert Meeting.objects.with_totals().get(office__slug="loei1").attended_total == 81
    workshop = Meeting.objects.get(office__slug="ops-moe")
    assert workshop.is_multi_day
    hearing = Meeting.objects.get(office__slug="chainat")
    assert hearing.accepts_registrations
    assert client.get(seminar.get_absolute_url()).status_code == 200


def test_seed_adds_feedback_of_every_kind_and_status(settings):
    settings.DEBUG = True
    seed()
    seed()
    assert Feedback.objects.count() >= 30
    assert set(Feedback.objects.values_list("kind", flat=True)) == set(Feedback.Kind.values)
    assert {"received", "in_progress", "answered", "closed"} <= set(Feedback.objects.values_list("status", flat=True))
    assert Feedback.objects.overdue().count() == 1
    assert Feedback.objects.publicly_answered().exists()
