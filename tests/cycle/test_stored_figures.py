"""The year's figures kept in the database (participation.storedfigures): read back without counting,
counted again after any write to the office's records, and never trusted when a write came while they
were counted."""

import datetime
import json
import random
from collections import Counter
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import services as announcement_services
from participation import storedfigures
from participation.cycle.stats import compile_figures, coverage
from participation.evidence import PlanEvidence
from participation.feedback import services as feedback_services
from participation.models import RecordsVersion, StoredFigure
from participation.storedfigures import YearFigures, records_changed
from participation.tallies import Tally
from tests.cycle.helpers import ITA, PLAN, at, populate
from tests.factories import AnnouncementFactory, FeedbackFactory, MeetingFactory, OfficeFactory
from tests.helpers import FY

pytestmark = pytest.mark.django_db

RECORD_TABLES = ("announcements_announcement", "meetings_meeting", "meetings_meetingattendance", "feedback_feedback")


def tables_read(captured) -> set[str]:
    return {table for table in RECORD_TABLES for query in captured if f'"{table}"' in query["sql"]}


def figures_now(plan) -> tuple[dict, dict]:
    evidence = PlanEvidence(plan)
    tallies = evidence.year()
    return compile_figures(plan, tallies=tallies, store=evidence.store), coverage(plan, tallies=tallies)


class TestKept:
    def test_a_second_reader_counts_nothing(self, plan, singburi, group):
        populate(singburi, 3, group)
        FeedbackFactory(office=singburi)
        first = figures_now(plan)
        with CaptureQueriesContext(connection) as captured:
            again = figures_now(plan)
        assert again == first
        assert tables_read(captured) == set()

    def test_the_plan_and_ita_pages_read_no_records_once_kept(self, client, settings, plan, singburi, group):
        settings.PAGE_CACHE_SECONDS = 0
        populate(singburi, 3, group)
        for url in (PLAN, ITA):
            first = client.get(url).content
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).content == first
            # The first records of each step come from the kept figures too; only the meetings the ITA
            # page describes (their outcomes and follow-up) are read.
            assert tables_read(captured) <= ({"meetings_meeting"} if url == ITA else set())

    def test_what_was_counted_equals_a_count_from_scratch_after_any_writes(self, plan, singburi, group, staff_singburi):
        rng = random.Random(7)
        populate(singburi, 2, group)
        for _ in range(12):
            figures_now(plan)  # kept, then a write
            action = rng.choice(["announcement", "meeting", "feedback", "hide", "delete"])
            if action == "announcement":
                AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 2, 1))
            elif action == "meeting":
                MeetingFactory(office=singburi, status="held", starts_at=at(2025, 4, 1))
            elif action == "feedback":
                FeedbackFactory(office=singburi, received_on=datetime.date(2025, 3, 1))
            elif action == "hide":
                meeting = singburi.meetings.filter(is_public=True).first()
                if meeting is not None:
                    meeting.is_public = False
                    meeting.save()
            else:
                announcement = singburi.announcements.first()
                if announcement is not None:
                    announcement.delete()
            now = figures_now(plan)
            StoredFigure.objects.all().delete()
            assert now == figures_now(plan), action


class TestCountedAgain:
    def test_a_publication_shows_in_the_figures_at_once(self, plan, singburi, staff_singburi):
        before = figures_now(plan)[0]["announcements"]["count"]
        draft = AnnouncementFactory(office=singburi, published=False, announced_on=datetime.date(2025, 2, 1))
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
        assert figures_now(plan)[0]["announcements"]["count"] == before + 1

    def test_an_answer_shows_in_the_figures_at_once(self, plan, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi, received_on=datetime.date(2025, 2, 1))
        assert figures_now(plan)[0]["feedback"]["answered"] == 0
        feedback_services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ดำเนินการแล้ว", public=True)
        assert figures_now(plan)[0]["feedback"]["answered"] == 1

    def test_one_office_writing_leaves_the_others_figures_kept(self, plan, singburi, group):
        populate(singburi, 2, group)
        figures_now(plan)
        other = OfficeFactory()
        MeetingFactory(office=other, status="held", starts_at=at(2025, 4, 1))
        with CaptureQueriesContext(connection) as captured:
            figures_now(plan)
        assert tables_read(captured) == set()

    def test_a_write_while_counting_leaves_the_count_untrusted(self, plan, singburi):
        store = YearFigures(singburi, FY)
        counted = []

        def count_while_someone_writes():
            counted.append(1)
            records_changed(singburi)  # committed after the version was read, before the figure is kept
            return {"n": len(counted)}

        assert store.get("figures:test", count_while_someone_writes) == {"n": 1}
        assert YearFigures(singburi, FY).get("figures:test", count_while_someone_writes) == {"n": 2}
        assert len(counted) == 2

    def test_a_scheduled_moment_ends_what_was_kept(self, plan, singburi, staff_singburi):
        soon = timezone.now() + datetime.timedelta(hours=1)
        with mock.patch("participation.freshness.next_change", return_value=soon):
            YearFigures(singburi, FY).get("figures:test", lambda: {"n": 1})
        assert StoredFigure.objects.get(key="figures:test").valid_until == soon
        later = timezone.now() + datetime.timedelta(hours=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert YearFigures(singburi, FY).get("figures:test", lambda: {"n": 2}) == {"n": 2}

    def test_a_scheduled_announcement_is_counted_when_its_time_comes(self, plan, singburi, staff_singburi):
        def public_announcements():
            return PlanEvidence(plan).year().get("announcements", Tally()).public

        moment = timezone.now() + datetime.timedelta(hours=1)
        AnnouncementFactory(
            office=singburi, status="scheduled", published_at=moment, announced_on=datetime.date(2025, 2, 1)
        )
        assert public_announcements() == 0
        # The kept figures last until the announcement's moment, then it is counted.
        assert StoredFigure.objects.filter(office=singburi).first().valid_until <= moment
        with mock.patch("django.utils.timezone.now", return_value=moment + datetime.timedelta(seconds=1)):
            assert public_announcements() == 1


class TestVersion:
    def test_every_write_gives_a_new_version(self, singburi):
        records_changed(singburi)
        first = RecordsVersion.objects.get(office=singburi).token
        MeetingFactory(office=singburi)
        assert RecordsVersion.objects.get(office=singburi).token != first

    def test_a_figure_that_cannot_be_kept_is_still_shown(self, singburi, caplog):
        with mock.patch.object(
            StoredFigure.objects, "bulk_create", side_effect=storedfigures.DatabaseError("read-only")
        ):
            assert YearFigures(singburi, FY).get("figures:test", lambda: {"n": 3}) == {"n": 3}
        assert "not kept" in caplog.text


class TestTallyData:
    def test_round_trip(self):
        rng = random.Random(3)
        for _ in range(50):
            tally = Tally(public=rng.randint(0, 9), internal=rng.randint(0, 9))
            tally.sums = Counter({"attended": rng.randint(0, 99), "actions": rng.randint(0, 5)})
            tally.count("by_group", rng.randint(1, 50), rng.randint(1, 9))
            tally.count("status", rng.choice(["held", "planned"]))
            tally.levels = Counter({rng.choice(["inform", "consult"]): rng.randint(1, 5)})
            tally.tags = Counter({("consult", rng.choice(["participation", "equity"])): rng.randint(1, 5)})
            tally.groups = {rng.randint(1, 20) for _ in range(rng.randint(0, 4))}
            data = tally.to_data()
            assert Tally.from_data(json.loads(json.dumps(data))) == tally


class TestHousekeeping:
    def test_only_figures_never_read_again_are_removed(self, singburi):
        other = OfficeFactory()
        YearFigures(singburi, FY).get("figures:old", lambda: {"n": 1})
        YearFigures(other, FY).get("figures:current", lambda: {"n": 2})
        records_changed(singburi)
        assert call_command_output("forget_stale_figures") == "Stale kept figures removed: 1.\n"
        assert list(StoredFigure.objects.values_list("key", flat=True)) == ["figures:current"]


def call_command_output(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()
