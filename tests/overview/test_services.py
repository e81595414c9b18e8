"""The overview's stored figures: refreshed by the task queue after writes (one refresh per office and
year for a burst), reconciled nightly, equal to a count from scratch; the hierarchy below an office."""

import datetime
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation import services as office_services
from participation.cycle import services as cycle_services
from participation.feedback import services as feedback_services
from participation.feedback.models import Feedback
from participation.fiscal import current_fiscal_year, fiscal_year_range
from participation.models import AuditEvent, Office
from participation.officefigures import office_year_figures
from participation.overview.models import OfficeYear
from participation.overview.rollup import histogram_median, roll_up, total
from participation.overview.services import office_year_refresh, stored_values
from tests.factories import FeedbackFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_refresh_delay(settings):
    settings.OVERVIEW_REFRESH_DELAY = 0


@pytest.fixture(params=["database", "redis"])
def marks_kept_in(request):
    """The marks of waiting refreshes in the database cache, then in the real Redis (one round trip)."""
    if request.param == "redis":
        request.getfixturevalue("redis_store")
    return request.param


def send(office, subject="ถนนชำรุด"):
    data = {"kind": "suggestion", "subject": subject, "message": f"{subject}: รายละเอียด", "name": "ผู้ส่ง"}
    return feedback_services.feedback_submit(office=office, data=data)[0]


def stored(office, year=None) -> OfficeYear:
    return OfficeYear.objects.get(office=office, fiscal_year=year or current_fiscal_year())


def refresh_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="refresh_office_year")


class TestRefreshOnWrite:
    def test_feedback_received_and_answered_change_the_figures_once_the_task_ran(
        self, singburi, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            item = send(singburi)
        assert not OfficeYear.objects.exists()  # queued, not yet counted
        run_tasks()
        assert stored(singburi).feedback_received == 1 and stored(singburi).feedback_answered == 0
        with django_capture_on_commit_callbacks(execute=True):
            feedback_services.feedback_respond(feedback=item, actor=staff_singburi, answer="ซ่อมแล้ว", public=True)
        run_tasks()
        row = stored(singburi)
        assert (row.feedback_answered, row.feedback_answered_in_time, row.median_days) == (1, 1, 0)

    def test_approving_the_summary_changes_the_figures(
        self, singburi, staff_singburi, director_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        year = current_fiscal_year()
        with django_capture_on_commit_callbacks(execute=True):
            plan = cycle_services.plan_create(office=singburi, fiscal_year=year, actor=staff_singburi)
            text = {"analysis": "วิเคราะห์", "lessons": "บทเรียน", "recommendations": "ข้อเสนอ"}
            cycle_services.summary_save(summary=plan.summary, actor=staff_singburi, data=text)
            cycle_services.summary_submit(summary=plan.summary, actor=staff_singburi)
        run_tasks()
        assert stored(singburi).has_plan and stored(singburi).summary_status == "submitted"
        # The ITA page's own verdict, part by part: nothing held yet, the summary not approved.
        assert set(stored(singburi).ita_parts) == {"1", "2", "3", "4"}
        assert stored(singburi).ita_parts["4"] != "complete" and stored(singburi).ita_missing >= 1
        with django_capture_on_commit_callbacks(execute=True):
            cycle_services.summary_approve(
                summary=plan.summary, actor=director_singburi, name="ผู้อำนวยการ", position="ผู้อำนวยการ"
            )
        run_tasks()
        assert stored(singburi).summary_approved
        assert stored(singburi).ita_parts["4"] == "complete"

    def test_a_burst_of_writes_queues_one_refresh_per_office_and_year(
        self, singburi, chainat, django_capture_on_commit_callbacks, run_tasks, marks_kept_in
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(5):
                send(singburi, subject=f"เรื่องที่ {n}")
            send(chainat)
        queued = sorted(
            (t.args_kwargs["kwargs"]["office_id"], t.args_kwargs["kwargs"]["fiscal_year"]) for t in refresh_tasks()
        )
        year = current_fiscal_year()
        assert queued == sorted(
            [(singburi.pk, year), (singburi.pk, year - 1), (chainat.pk, year), (chainat.pk, year - 1)]
        )
        run_tasks()
        assert stored(singburi).feedback_received == 5
        # Once the refresh ran, the next write queues another.
        with django_capture_on_commit_callbacks(execute=True):
            send(singburi, subject="อีกเรื่อง")
        assert refresh_tasks().filter(status="READY").count() == 2

    def test_spam_queues_nothing(self, singburi, django_capture_on_commit_callbacks):
        data = {"kind": "suggestion", "subject": "โฆษณา", "message": "โฆษณา", "name": "หุ่นยนต์"}
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            feedback_services.feedback_submit(office=singburi, data=data, spam=True)
        assert callbacks == [] and not refresh_tasks().exists()

    def test_a_rolled_back_write_queues_nothing(self, singburi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send(singburi)
        assert callbacks and not refresh_tasks().exists()


def test_the_stored_figures_match_a_count_from_scratch_after_random_writes(singburi, chainat, staff_singburi):
    """A random sequence of writes the queue never saw, then the nightly reconciliation."""
    randomly = random.Random(16)
    today = timezone.localdate()
    year = current_fiscal_year()
    items = []
    for _step in range(40):
        action = randomly.choice(["receive", "receive", "answer", "rate", "delete"])
        if action == "receive" or not items:
            office = randomly.choice([singburi, chainat])
            received = today - datetime.timedelta(days=randomly.randrange(0, 60))
            items.append(
                FeedbackFactory(office=office, received_on=received, kind=randomly.choice(Feedback.Kind.values))
            )
        elif action == "answer":
            item = randomly.choice(items)
            Feedback.objects.filter(pk=item.pk).update(
                status=Feedback.Status.ANSWERED,
                answered_at=timezone.now() - datetime.timedelta(days=randomly.randrange(0, 5)),
            )
        elif action == "rate":
            Feedback.objects.filter(pk=randomly.choice(items).pk).update(rating=randomly.randrange(1, 6))
        else:
            items.remove(item := randomly.choice(items))
            item.delete()
    out = io.StringIO()
    call_command("refresh_overview", stdout=out)
    assert "office-years" in out.getvalue()
    for office in (singburi, chainat):
        for fiscal_year in (year, year - 1):
            row = OfficeYear.objects.get(office=office, fiscal_year=fiscal_year)
            expected = stored_values(office_year_figures(office, fiscal_year))
            assert {name: getattr(row, name) for name in expected} == expected
    start, end = fiscal_year_range(year)
    counted = Feedback.objects.filter(office=singburi, received_on__range=(start, end)).exclude(kind="misconduct")
    assert stored(singburi).feedback_received == counted.count()
    # Run again: nothing drifted.
    call_command("refresh_overview", stdout=out)
    assert "0 had changed" in out.getvalue().splitlines()[-1]


def test_a_refresh_that_changes_nothing_writes_nothing(singburi):
    _row, changed = office_year_refresh(office=singburi, fiscal_year=2568)
    assert changed
    _row, changed = office_year_refresh(office=singburi, fiscal_year=2568)
    assert not changed


class TestHierarchy:
    def test_descendants_in_one_query_at_any_depth_within_the_bound(self, singburi):
        top = OfficeFactory(slug="moe")
        middle = OfficeFactory(slug="obec", parent=top)
        singburi.parent = middle
        singburi.save()
        OfficeFactory(slug="school1", parent=singburi)
        OfficeFactory(slug="elsewhere")
        with CaptureQueriesContext(connection) as queries:
            below = set(Office.objects.under(top).values_list("slug", flat=True))
        assert below == {"obec", "singburi", "school1"} and len(queries) == 1
        assert set(Office.objects.under(singburi).values_list("slug", flat=True)) == {"school1"}
        assert set(Office.objects.under(top, depth=2).values_list("slug", flat=True)) == {"obec", "singburi"}

    def test_an_office_cannot_go_under_itself_or_below_it(self, singburi, site_admin):
        child = OfficeFactory(slug="child", parent=singburi)
        with pytest.raises(ValidationError):
            office_services.office_update(office=singburi, actor=site_admin, data={"parent": child})
        with pytest.raises(ValidationError):
            office_services.office_update(office=singburi, actor=site_admin, data={"parent": singburi})

    def test_region_and_parent_changes_leave_an_audit_row(self, singburi, chainat, site_admin):
        office_services.office_update(
            office=singburi, actor=site_admin, data={"region": Office.Region.CENTRAL, "parent": chainat}
        )
        event = AuditEvent.objects.filter(action="office.updated", target_id=str(singburi.pk)).get()
        assert sorted(event.data["fields"]) == ["parent", "region"]


def test_roll_ups_add_the_parts_not_the_averages():
    north = Office(slug="a", name_th="ก", province="เชียงใหม่", region="north")
    north2 = Office(slug="b", name_th="ข", province="เชียงใหม่", region="north")
    south = Office(slug="c", name_th="ค", province="สงขลา", region="south")
    rows = [
        OfficeYear(feedback_answered=10, feedback_answered_in_time=10, answer_days={"1": 10}, ratings=1, rating_sum=5,
                   has_plan=True, summary_status="approved", steps_done=5),
        OfficeYear(feedback_answered=30, feedback_answered_in_time=0, answer_days={"9": 30}, ratings=3, rating_sum=3,
                   has_plan=True, ita_missing=2, steps_done=0),
        None,
    ]  # fmt: skip
    entries = list(zip([north, north2, south], rows, strict=True))
    by_province = {t.key: t for t in roll_up(entries, lambda o: (o.province, o.province, ""))}
    chiang_mai = by_province["เชียงใหม่"]
    assert chiang_mai.offices == 2 and chiang_mai.in_time_percent == 25.0  # 10 of 40, not (100 + 0) / 2
    assert chiang_mai.median_days == 9 and chiang_mai.mean_rating == 2.0  # 8 / 4
    assert chiang_mai.steps_percent == 50.0 and chiang_mai.summaries_approved == 1 and chiang_mai.ita_complete == 1
    assert by_province["สงขลา"].offices == 1 and by_province["สงขลา"].feedback_answered == 0
    everything = total(entries)
    assert everything.offices == 3 and everything.feedback_answered == 40
    assert histogram_median({1: 1, 3: 1}) == 2 and histogram_median({}) is None


def test_totals_merged_from_the_regions_equal_the_rows_added_one_by_one():
    rng = random.Random(7)
    regions = ["north", "south", "central", ""]
    entries = []
    for n in range(40):
        office = Office(slug=f"o{n}", name_th=f"สำนักงาน {n}", region=rng.choice(regions))
        row = None
        if rng.random() < 0.8:
            row = OfficeYear(
                has_plan=rng.random() < 0.7,
                summary_status=rng.choice(["", "submitted", "approved"]),
                steps_done=rng.randint(0, 5),
                feedback_answered=rng.randint(0, 50),
                ratings=rng.randint(0, 9),
                rating_sum=rng.randint(0, 45),
                attended_by_category={"parents": rng.randint(0, 30), "teachers": rng.randint(0, 30)},
                answer_days={str(rng.randint(0, 20)): rng.randint(1, 9) for _n in range(3)},
            )
        entries.append((office, row))
    by_region = roll_up(entries, lambda o: (o.region, o.region, "") if o.region else None)
    merged = total([(office, row) for office, row in entries if not office.region], by_region)
    one_by_one = total(entries)
    assert merged == one_by_one and merged.offices == 40
    assert merged.median_days == one_by_one.median_days and merged.by_category == one_by_one.by_category
