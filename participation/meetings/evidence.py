"""Meetings as evidence of the cycle: hearings for step 3, the other meetings with their
attendance and follow-up for step 4. Registered with the core in MeetingsConfig.ready().

A large office holds thousands of meetings over the years, so both sources count in the database
(`tally`) and hand out records a page at a time (`collect` with `limit` and `offset`); staff find one
of another year by its title (`search`)."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from participation.evidence import EvidenceItem, register_evidence_source
from participation.fiscal import fiscal_year_range
from participation.meetings.models import FollowUpAction, Meeting, MeetingAttendance
from participation.officefigures import register_office_figures
from participation.tallies import AmongRecords, Tally, TallyCounts
from participation.vocabularies import CycleStep


def _meeting_items(meetings) -> list[EvidenceItem]:
    meetings = list(meetings)
    attendance = MeetingAttendance.objects.filter(meeting__in=meetings).values("meeting_id", "group_id", "attended")
    attended: dict[int, dict[int, int]] = {}
    for row in attendance:
        if row["attended"]:
            by_group = attended.setdefault(row["meeting_id"], {})
            by_group[row["group_id"]] = by_group.get(row["group_id"], 0) + row["attended"]
    return [
        EvidenceItem(
            # Hearings too: staff's choices (left out, attached) name meetings by this key.
            source="meetings",
            item_id=meeting.pk,
            title=meeting.title,
            url=meeting.get_absolute_url() if meeting.is_public else "",
            date=timezone.localtime(meeting.starts_at).date(),
            is_public=meeting.is_public,
            level=meeting.participation_level,
            principles=list(meeting.principles),
            groups=list(attended.get(meeting.pk, {})),
            details={
                "kind": meeting.kind,
                "status": meeting.status,
                "attended": meeting.attended_total or 0,
                "invited": meeting.invited_total or 0,
                "actions": meeting.action_count,
                "actions_done": meeting.actions_done,
                # People who took part, by stakeholder group id: the summary's figures add these up.
                "by_group": attended.get(meeting.pk, {}),
                # Public meetings whose outcomes are written down: the ITA page's part 3.
                "public_outcomes": meeting.is_public and bool(meeting.outcomes),
            },
        )
        for meeting in meetings
    ]


def _per_meeting(actions):
    """How many of these follow-up actions each meeting has: a subquery per meeting (NULL for none)."""
    per_meeting = actions.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return Subquery(per_meeting.annotate(n=Count("pk")).values("n"))


def _with_figures(meetings):
    """The meetings with their totals and follow-up counted per meeting in subqueries, which
    PostgreSQL runs only for the page it returns (a join and GROUP BY would count every meeting of
    the year before sorting them)."""
    done = FollowUpAction.objects.filter(status=FollowUpAction.Status.DONE)
    return meetings.with_totals().annotate(
        action_count=Coalesce(_per_meeting(FollowUpAction.objects.all()), 0),
        actions_done=Coalesce(_per_meeting(done), 0),
    )


def _of_year(office, fiscal_year, *, hearings: bool, public_only: bool = False, exclude=()):
    """The meetings (or hearings) of the year that count as evidence: every one but the cancelled."""
    start, end = fiscal_year_range(fiscal_year)
    # The fiscal year's local days as a range of instants, which the (office, is_public, starts_at)
    # index answers; the same days as Meeting.objects.in_fiscal_year().
    meetings = Meeting.objects.for_office(office).filter(
        starts_at__gte=timezone.make_aware(datetime.datetime.combine(start, datetime.time())),
        starts_at__lt=timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())),
    )
    meetings = meetings.exclude(status=Meeting.Status.CANCELLED)
    meetings = meetings.filter(kind=Meeting.Kind.HEARING) if hearings else meetings.exclude(kind=Meeting.Kind.HEARING)
    if public_only:
        meetings = meetings.public()
    if exclude:
        meetings = meetings.exclude(pk__in=exclude)
    return meetings


def _collector(*, hearings: bool):
    def collect(office, fiscal_year, *, public_only=False, exclude=(), limit=None, offset=0):
        """The year's meetings as evidence, latest first; a slice of them when `limit` is given."""
        meetings = _of_year(office, fiscal_year, hearings=hearings, public_only=public_only, exclude=exclude)
        meetings = _with_figures(meetings).order_by("-starts_at", "-pk")
        if limit is not None:
            meetings = meetings[offset : offset + limit]
        return _meeting_items(meetings)

    return collect


def _tallier(*, hearings: bool):
    def tally(office, fiscal_year, *, exclude=()) -> Tally:
        """What the year's meetings add up to, counted in the database in two queries whatever the
        number of meetings: one row per participation level, with kinds, statuses and principles
        counted by value and the follow-up counted per meeting (subqueries on the meeting's index,
        where a join to the year's meetings has PostgreSQL read every follow-up action), and one
        row per stakeholder group."""
        meetings = _of_year(office, fiscal_year, hearings=hearings, exclude=exclude)
        result = Tally()
        counts = TallyCounts(
            breakdowns={"kind": ("kind", Meeting.Kind.values), "status": ("status", Meeting.Status.values)}
        )
        rows = (
            meetings.order_by()
            .values("participation_level")
            .annotate(
                n=Count("pk"),
                public=Count("pk", filter=Q(is_public=True)),
                with_outcomes=Count("pk", filter=Q(is_public=True) & ~Q(outcomes="")),
                actions=Sum(_per_meeting(FollowUpAction.objects.all())),
                actions_done=Sum(_per_meeting(FollowUpAction.objects.filter(status=FollowUpAction.Status.DONE))),
                **counts.aggregates(),
            )
        )
        for row in rows:
            result.public += row["public"]
            result.internal += row["n"] - row["public"]
            result.levels[row["participation_level"]] += row["n"]
            result.sums["public_outcomes"] += row["with_outcomes"]
            result.sums["actions"] += row["actions"] or 0
            result.sums["actions_done"] += row["actions_done"] or 0
            counts.add(result, row)
        attendance = (
            MeetingAttendance.objects.filter(AmongRecords("meeting_id", meetings.order_by().values("pk")))
            .order_by()
            .values("group_id")
            .annotate(attended=Sum("attended"), invited=Sum("invited"))
        )
        for row in attendance:
            result.sums["attended"] += row["attended"] or 0
            result.sums["invited"] += row["invited"] or 0
            if row["attended"]:
                result.count("by_group", row["group_id"], row["attended"])
                result.groups.add(row["group_id"])
        return result

    return tally


def _searcher(*, hearings: bool):
    def search(office, fiscal_years, text, *, limit) -> list[EvidenceItem]:
        """The meetings of these fiscal years whose title contains `text` (internal ones too: for
        staff), latest first, at most `limit`. One query a year: a single range is what the
        (office, starts_at) index answers, where an OR of ranges reads all the office's meetings."""
        found = []
        for fiscal_year in fiscal_years:
            meetings = _of_year(office, fiscal_year, hearings=hearings).filter(title__icontains=text)
            found += meetings.select_related("office").order_by("-starts_at", "-pk")[:limit]
        found.sort(key=lambda meeting: (meeting.starts_at, meeting.pk), reverse=True)
        return [
            EvidenceItem(
                source="meetings",
                item_id=meeting.pk,
                title=meeting.title,
                url=meeting.get_absolute_url() if meeting.is_public else "",
                date=timezone.localtime(meeting.starts_at).date(),
                is_public=meeting.is_public,
            )
            for meeting in found[:limit]
        ]

    return search


collect_meetings = _collector(hearings=False)
collect_hearings = _collector(hearings=True)
tally_meetings = _tallier(hearings=False)
tally_hearings = _tallier(hearings=True)
search_meetings = _searcher(hearings=False)
search_hearings = _searcher(hearings=True)


def find_meetings(office, ids):
    meetings = Meeting.objects.for_office(office).filter(pk__in=ids).exclude(status=Meeting.Status.CANCELLED)
    return _meeting_items(_with_figures(meetings))


def describe_meetings(office, ids) -> dict[int, dict]:
    """What the public may read of these meetings: objectives, outcomes and the follow-up done."""
    meetings = (
        Meeting.objects.for_office(office)
        .public()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.filter(status=FollowUpAction.Status.DONE),
                to_attr="done_actions",
            )
        )
    )
    return {
        meeting.pk: {
            "starts_at": meeting.starts_at,
            "objectives": list(meeting.objectives),
            "outcomes": meeting.outcomes,
            "done_actions": [{"description": a.description, "result": a.result} for a in meeting.done_actions],
        }
        for meeting in meetings
    }


def office_figures(office, fiscal_year: int) -> dict:
    """The meetings part of the national overview: meetings held in the year and the people who took
    part, by stakeholder-group category (two queries)."""
    held = Meeting.objects.for_office(office).in_fiscal_year(fiscal_year).filter(status=Meeting.Status.HELD)
    by_category = {
        row["group__category"]: row["people"]
        for row in MeetingAttendance.objects.filter(AmongRecords("meeting", held.values("pk")))
        .values("group__category")
        .annotate(people=Sum("attended"))
        .order_by()
        if row["people"]
    }
    return {
        "meetings_held": held.count(),
        "people_attended": sum(by_category.values()),
        "attended_by_category": by_category,
    }


def register():
    register_evidence_source(
        key="hearings",
        label=gettext_lazy("Hearings"),
        step=CycleStep.CONSULT,
        collect=collect_hearings,
        tally=tally_hearings,
        find=find_meetings,
        search=search_hearings,
        describe=describe_meetings,
        records="meetings",
    )
    register_evidence_source(
        key="meetings",
        label=gettext_lazy("Meetings"),
        step=CycleStep.INVOLVE,
        collect=collect_meetings,
        tally=tally_meetings,
        find=find_meetings,
        search=search_meetings,
        describe=describe_meetings,
        records="meetings",
    )
    register_office_figures("meetings", office_figures)
