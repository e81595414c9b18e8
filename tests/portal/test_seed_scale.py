"""seed_scale at a tiny scale: proportional counts, a few large offices, records that keep the models'
rules, and the largest office's main pages answering."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from announcements.models import Announcement, Revision
from participation.cycle.models import Plan, YearSummary
from participation.feedback.models import Feedback
from participation.fiscal import current_fiscal_year
from participation.meetings.models import Meeting
from participation.models import Office, OfficeMembership
from portal.scale import FULL, apportion, existing_scale, expected_counts, tracking_code

pytestmark = pytest.mark.django_db

SCALE = 0.0004
PASSWORD = "bench-test-password-1"


@pytest.fixture
def generated():
    out = io.StringIO()
    call_command("seed_scale", "--scale", str(SCALE), "--seed", "7", "--password", PASSWORD, stdout=out)
    return out.getvalue()


def largest_office() -> Office:
    return Office.objects.annotate(n=Count("feedback")).order_by("-n").first()


def test_counts_are_those_of_the_scale_and_proportional(generated):
    expected = expected_counts(SCALE)
    assert Office.objects.count() == expected["offices"]
    assert Announcement.objects.count() == expected["announcements"]
    assert Feedback.objects.count() == expected["feedback"]
    assert Meeting.objects.count() == expected["meetings"]
    # The same proportions as at scale 1.0: five feedback items per announcement, twenty per meeting.
    assert Feedback.objects.count() / Announcement.objects.count() == FULL["feedback"] / FULL["announcements"]
    assert Feedback.objects.count() / Meeting.objects.count() == FULL["feedback"] / FULL["meetings"]
    assert Plan.objects.count() == 3 * expected["offices"]
    assert existing_scale()["scale"] == SCALE


def test_a_few_offices_are_large(generated):
    per_office = sorted(Office.objects.annotate(n=Count("feedback")).values_list("n", flat=True))
    assert per_office[-1] > 1.5 * per_office[0]
    largest = largest_office()
    assert f"largest office: {largest.slug}" in generated
    assert f"staff account: {largest.slug}-staff / {PASSWORD}" in generated


def test_the_spread_at_full_scale_gives_the_largest_office_five_to_eight_percent():
    weights = [1 / (rank + 3) for rank in range(250)]
    shares = apportion(1_000_000, weights, minimum=8)
    assert sum(shares) == 1_000_000
    assert 0.05 <= max(shares) / 1_000_000 <= 0.08


def test_tracking_codes_are_distinct_and_well_formed():
    codes = {tracking_code(number, salt=12345) for number in range(1, 20_001)}
    assert len(codes) == 20_000
    assert all(len(code) == 16 for code in codes)


def test_records_keep_the_models_rules(generated):
    S = Feedback.Status
    assert not Feedback.objects.filter(status__in=[S.ANSWERED, S.CLOSED], answered_at__isnull=True).exists()
    assert not Feedback.objects.filter(status=S.CLOSED, closed_at__isnull=True).exists()
    assert not Feedback.objects.filter(status=S.RECEIVED, answered_at__isnull=False).exists()
    assert Feedback.objects.filter(answer_public=True).exists()
    now = timezone.now()
    assert Announcement.objects.filter(status=Announcement.Status.SCHEDULED, published_at__gt=now).exists()
    assert not Announcement.objects.filter(published_at__lte=now).exclude(status="draft").filter(revisions=None)
    # Years that are over are approved, and each plan starts from last year's summary.
    year = current_fiscal_year()
    assert not YearSummary.objects.filter(plan__fiscal_year__lt=year).exclude(status=YearSummary.Status.APPROVED)
    assert not Plan.objects.filter(fiscal_year__gt=year - 2, previous_summary=None).exists()
    for model in (Office, Announcement, Meeting, Feedback, Revision, Plan):
        for record in model.objects.order_by("?")[:5]:
            record.full_clean()
    staff = OfficeMembership.objects.filter(role="staff").select_related("user").first().user
    assert authenticate(username=staff.username, password=PASSWORD) == staff


def test_the_largest_offices_main_pages_answer(generated):
    office = largest_office()
    announcement = Announcement.objects.for_office(office).live().first()
    client = Client()
    for path in [
        f"/{office.slug}/",
        f"/{office.slug}/announcements/",
        f"/{office.slug}/announcements/{announcement.pk}/",
        f"/{office.slug}/meetings/",
        f"/{office.slug}/feedback/",
        f"/{office.slug}/plans/{current_fiscal_year()}/",
        f"/{office.slug}/plans/{current_fiscal_year() - 1}/summary/",
    ]:
        assert client.get(path).status_code == 200, path


def test_it_refuses_a_database_that_holds_offices(generated):
    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_scale", "--scale", str(SCALE), stdout=io.StringIO())
