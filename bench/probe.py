"""The benchmark's look into the database, run as a separate Django process with the bench's settings.

    python bench/probe.py status            what seed_scale recorded, or null
    python bench/probe.py pages             the pages to measure, for the largest office
    python bench/probe.py queries < pages   SQL queries per page (Django's test client, no cache)
    python bench/probe.py codes < codes     how many times each tracking code is stored
    python bench/probe.py cleanup MARKER    remove the feedback the intake run sent

Every command prints one JSON document on stdout.
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def status():
    from portal.scale import existing_scale

    return existing_scale()


def pages():
    """Public and staff pages of the largest office, with real records in their addresses."""
    from announcements.models import Announcement
    from participation.cycle.models import YearSummary
    from participation.feedback.models import Feedback
    from participation.fiscal import current_fiscal_year
    from participation.meetings.models import Meeting
    from participation.models import Office
    from portal.scale import existing_scale

    marker = existing_scale() or {}
    office = Office.objects.filter(slug=marker.get("largest", "")).first()
    if office is None:  # data not made by seed_scale: the office with the most feedback
        office = max(Office.objects.all(), key=lambda item: Feedback.objects.for_office(item).count())
    slug, year = office.slug, current_fiscal_year()
    announcement = Announcement.objects.for_office(office).live().latest_first().first()
    meeting = Meeting.objects.for_office(office).public().filter(status=Meeting.Status.HELD).first()
    answered = Feedback.objects.for_office(office).publicly_answered().order_by("-pk").first()
    inbox_item = Feedback.objects.for_office(office).exclude(kind=Feedback.Kind.MISCONDUCT).order_by("-pk").first()
    person = Feedback.objects.for_office(office).exclude(email="").order_by("pk").values_list("email", flat=True)
    approved = YearSummary.objects.for_office(office).approved().order_by("-plan__fiscal_year").first()
    summary_year = approved.plan.fiscal_year if approved else year - 1
    public = {
        "home": "/",
        "office": f"/{slug}/",
        "announcements": f"/{slug}/announcements/",
        "announcement": f"/{slug}/announcements/{announcement.pk}/" if announcement else None,
        "feed": f"/{slug}/feed.xml",
        "meetings": f"/{slug}/meetings/",
        "meeting": f"/{slug}/meetings/{meeting.pk}/" if meeting else None,
        "meetings_ics": f"/{slug}/meetings.ics",
        "answers": f"/{slug}/feedback/",
        "stats": f"/{slug}/feedback/stats/",
        "plans": f"/{slug}/plans/",
        "plan_current": f"/{slug}/plans/{year}/",
        "plan_last": f"/{slug}/plans/{year - 1}/",
        "summary": f"/{slug}/plans/{summary_year}/summary/",
        "ita": f"/{slug}/plans/{summary_year}/ita/",
        "oit": f"/{slug}/plans/{summary_year}/oit/",
        "overview": f"/overview/?year={summary_year}",
        "search": "/search/?" + urlencode({"q": "ภาคีเครือข่าย"}),
        "office_search": f"/{slug}/search/?" + urlencode({"q": "โรงเรียน"}),
        "data": "/data/",
        "api": f"/api/v1/announcements/?office={slug}",
        "sitemap": "/sitemap.xml",
        "sitemap_section": "/sitemap-announcements.xml",
        "track": f"/track/{answered.tracking_code}/" if answered else None,
    }
    staff = {
        "dashboard": "/manage/",
        "manage_announcements": f"/manage/{slug}/announcements/",
        "inbox": f"/manage/{slug}/feedback/",
        "inbox_all": f"/manage/{slug}/feedback/?status=all",
        "feedback_detail": f"/manage/{slug}/feedback/{inbox_item.pk}/" if inbox_item else None,
        "manage_meetings": f"/manage/{slug}/meetings/",
        "follow_up": f"/manage/{slug}/follow-up/",
        "network": f"/manage/{slug}/network/",
        "plan_workspace": f"/manage/{slug}/plans/{year}/",
        "supervision": f"/manage/{slug}/overview/",
        "personal_data": f"/manage/{slug}/feedback/personal-data/?email={person.first() or 'nobody@example.com'}",
    }
    listed = [{"name": name, "path": path, "staff": False} for name, path in public.items() if path]
    listed += [{"name": name, "path": path, "staff": True} for name, path in staff.items() if path]
    return {
        "office": slug,
        "staff_username": f"{slug}-staff",
        "offices": list(Office.objects.active().values_list("slug", flat=True)),
        "pages": listed,
    }


def queries(listed: dict):
    """Queries of each page on its second request, rendered again (the cache emptied), as Django's test client
    sees them."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    public, staff = Client(), Client()
    staff.force_login(get_user_model().objects.get(username=listed["staff_username"]))
    found = {}
    for page in listed["pages"]:
        client = staff if page["staff"] else public
        client.get(page["path"])
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[page["name"]] = {"queries": len(captured), "status": response.status_code, "bytes": len(body)}
    return found


def codes(shown: list[str]):
    from django.db.models import Count

    from participation.feedback.models import Feedback, normalize_tracking_code

    wanted = {normalize_tracking_code(code) for code in shown}
    stored = dict(
        Feedback.objects.filter(tracking_code__in=wanted)
        .values_list("tracking_code")
        .annotate(n=Count("pk"))
        .values_list("tracking_code", "n")
    )
    return {
        "shown": len(shown),
        "distinct": len(wanted),
        "stored_once": sum(1 for code in wanted if stored.get(code) == 1),
        "missing": sorted(code for code in wanted if code not in stored)[:20],
    }


def cleanup(marker: str):
    from participation.feedback.models import Feedback

    deleted, _by_model = Feedback.objects.filter(subject__contains=marker).delete()
    return {"deleted": deleted}


def main(argv: list[str]) -> None:
    setup()
    command = argv[1] if len(argv) > 1 else ""
    if command == "status":
        result = status()
    elif command == "pages":
        result = pages()
    elif command == "queries":
        result = queries(json.load(sys.stdin))
    elif command == "codes":
        result = codes(json.load(sys.stdin))
    elif command == "cleanup":
        result = cleanup(argv[2])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
