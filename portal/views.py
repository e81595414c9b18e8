import logging
import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from announcements.models import Announcement
from participation import ratelimit
from participation.fiscal import current_fiscal_year
from participation.hearings.models import Hearing
from participation.meetings.models import Meeting
from participation.models import Office, OfficeMembership
from participation.navigation import workspace_navigation
from participation.permissions import is_site_admin, standing
from participation.surveys.models import Survey
from participation.worker import queue_health
from portal.attention import attention
from portal.forms import DesignSampleForm, OfficeFinderForm

logger = logging.getLogger(__name__)


# How many items of each kind the national home shows, across offices.
HOME_ANNOUNCEMENTS = 6
HOME_MEETINGS = 5
HOME_HEARINGS = 4
HOME_SURVEYS = 4
# What the office finder reads of an office: its names in both languages, full and short, its
# province and its address name.
FINDER_FIELDS = ("name_th", "name_en", "short_name_th", "short_name_en", "province", "slug")
# Thai vowels written before the consonant they follow in speech: dictionaries sort by the consonant.
LEADING_VOWELS = "เแโใไ"


def thai_order(text: str) -> str:
    """A sort key close to Thai dictionary order: a leading vowel counts after its consonant."""
    if len(text) > 1 and text[0] in LEADING_VOWELS:
        return text[1] + text[0] + text[2:]
    return text


def find_offices(offices, *, text: str, province: str) -> list:
    """The offices whose names, province or address name contain `text` (any case), in `province`."""
    words = text.casefold().split()
    found = []
    for office in offices:
        if province and office.province != province:
            continue
        haystack = " ".join(getattr(office, name) or "" for name in FINDER_FIELDS).casefold()
        if all(word in haystack for word in words):
            found.append(office)
    return found


def by_province(offices) -> list[tuple[str, list]]:
    """(province, its offices) in Thai dictionary order; offices without a province last."""
    kinds = {value: index for index, value in enumerate(Office.Kind.values)}
    groups: dict[str, list] = {}
    for office in offices:
        groups.setdefault(office.province, []).append(office)
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] == "", thai_order(pair[0])))
    return [
        (
            province or gettext("Other offices"),
            sorted(members, key=lambda office: (kinds.get(office.kind, len(kinds)), thai_order(office.name_th))),
        )
        for province, members in ordered
    ]


def office_list(groups) -> SafeString:
    """The offices by province as HTML. Written here rather than in a template, whose tags and one
    reverse() per office were most of the home's render with a few hundred offices; every value is
    escaped as the template would."""
    placeholder = "office-address-name"
    address = reverse("participation:office", kwargs={"office": placeholder})
    before, after = address.split(placeholder)
    sections = []
    for province, offices in groups:
        links = "".join(
            f'<li><a href="{escape(before + office.slug + after)}">{escape(office.name)}</a></li>' for office in offices
        )
        sections.append(f"<section><h3>{escape(province)}</h3><ul>{links}</ul></section>")
    return mark_safe(f'<div class="province-list">{"".join(sections)}</div>')  # noqa: S308 (escaped above)


@require_safe
def home(request):
    """The national home: the latest announcements, meetings to come, and hearings and surveys open now,
    across every office; and the offices by province, with a finder that works as a plain GET form.

    Every read is one query, however many records and offices (a few hundred offices are read whole:
    the list shows them all, and the finder filters them without another query). The page is kept in
    the page cache under the national version, which every office's public write and every scheduled
    moment of any office (a publication, a meeting's start or end, a hearing or survey opening or
    closing) replaces (participation.freshness)."""
    now = timezone.now()
    offices = list(Office.objects.active().only("slug", "kind", "province", *FINDER_FIELDS))
    provinces = sorted({office.province for office in offices if office.province}, key=thai_order)
    finder = OfficeFinderForm(request.GET or None, provinces=provinces)
    text, province = finder.value("office").strip(), finder.value("province")
    searching = bool(text or province)
    found = find_offices(offices, text=text, province=province) if searching else offices
    live_office = {"office__is_active": True}
    announcements = Announcement.objects.newest_live(now).filter(**live_office).with_office()
    meetings = Meeting.objects.public().upcoming(now).filter(**live_office).select_related("office")
    hearings = Hearing.objects.open_now(now).filter(**live_office).select_related("office")
    surveys = (
        Survey.objects.accepting(now)
        .filter(**live_office)
        .select_related("office")
        .order_by(F("closes_at").asc(nulls_last=True), "-opens_at", "-pk")
    )
    return render(
        request,
        "portal/home.html",
        {
            "fiscal_year": current_fiscal_year(),
            "finder": finder,
            "searching": searching,
            "office_count": len(offices),
            "found": office_list(by_province(found)),
            "found_count": len(found),
            "latest_announcements": announcements[:HOME_ANNOUNCEMENTS],
            "upcoming_meetings": meetings[:HOME_MEETINGS],
            "open_hearings": hearings[:HOME_HEARINGS],
            "open_surveys": surveys[:HOME_SURVEYS],
        },
    )


@require_safe
def privacy(request):
    return render(request, "portal/privacy.html")


@require_safe
def design_system(request):
    """Every component of the design system with its real classes (docs/design.md): for staff, or anyone in DEBUG."""
    if not (settings.DEBUG or request.user.is_authenticated):
        return redirect_to_login(request.get_full_path())
    # A submission that went wrong, so that the page shows the error summary and each field's error.
    form = DesignSampleForm(data={"name": "", "email": "somchai.example.org", "kind": "", "message": "ขอบคุณ"})
    form.is_valid()
    # Each error links to its field; a group of radio buttons to its first one.
    errors = [
        (field.id_for_label or f"{field.auto_id}_0", field.label, error) for field in form for error in field.errors
    ]
    context = {"form": form, "errors": errors, "sample_heading": DESIGN_SAMPLE_HEADING}
    return render(request, "portal/design.html", context)


# A long Thai heading: the browser alone would break it inside "การศึกษา" and "ประถมศึกษา".
DESIGN_SAMPLE_HEADING = "ประกาศสำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี เรื่อง มาตรการส่งเสริมการมีส่วนร่วม"


def bench_floor(request):
    """The floor of `make bench`: the least a response costs through the same middleware (BENCH_FLOOR only)."""
    return HttpResponse("ok", content_type="text/plain")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether an error (or one it came from) is the database being out of reach: down, restarting,
    refusing connections, or cancelling a statement that took too long."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """The 500 page, or a 503 "try again in a moment" when the database is out of reach: the visitor did
    nothing wrong, and a proxy or a browser may try again. Rendered without the database and without
    context processors, like Django's own."""
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        tasks = queue_health()  # the worker's backlog and failures, for monitoring (never a 503)
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "tasks": tasks})


@login_required
@require_safe
def manage_dashboard(request):
    """The staff workspace: for each office the user works for, what needs their attention there (counted
    in a few queries across all of them, portal.attention), their role and the sections they may open."""
    memberships = list(OfficeMembership.objects.for_user(request.user))
    standings = [standing(request.user, m.office, membership=m) for m in memberships]
    waiting = attention(request.user, standings)
    offices = [
        {
            "membership": item.membership,
            "standing": item,
            "items": waiting.get(item.office.pk, []),
            "sections": workspace_navigation(item),
        }
        for item in standings
    ]
    other_offices = Office.objects.none()
    if is_site_admin(request.user):  # site administrators help every office
        other_offices = Office.objects.exclude(memberships__user=request.user).order_by("name_th")
    return render(
        request,
        "portal/manage/dashboard.html",
        {
            "offices": offices,
            "waiting_total": sum(entry.count for items in waiting.values() for entry in items),
            "other_offices": other_offices,
            "fiscal_year": current_fiscal_year(),
        },
    )


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {prefix}/{path}/" for prefix in ["", "/en"] for path in ["manage", "accounts"]]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class LoginView(auth_views.LoginView):
    """The staff login; while the login limits refuse someone, 429 with Retry-After (portal.forms)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "retry_after", None):
            ratelimit.refused(response, form.retry_after)
        return response
