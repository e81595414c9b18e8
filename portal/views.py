import logging
import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from announcements.models import Announcement
from participation import ratelimit
from participation.fiscal import current_fiscal_year
from participation.models import Office, OfficeMembership
from participation.navigation import workspace_navigation
from participation.permissions import Ability, office_ids_where, standing
from participation.worker import queue_health
from portal.forms import DesignSampleForm

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """The national home: every office, grouped by kind."""
    offices = (
        Office.objects.active()
        .annotate(group_count=Count("stakeholder_groups"))
        .order_by("kind", "province", "name_th")
    )
    groups = {}
    for office in offices:
        groups.setdefault(office.kind, []).append(office)
    kinds = [(label, groups[value]) for value, label in Office.Kind.choices if value in groups]
    latest = Announcement.objects.live().filter(office__is_active=True).with_office().latest_first()[:6]
    return render(
        request,
        "portal/home.html",
        {
            "office_kinds": kinds,
            "office_count": len(offices),
            "fiscal_year": current_fiscal_year(),
            "latest_announcements": latest,
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
    """The staff workspace: the offices the user works for, with their role and the sections they may open."""
    memberships = [
        (membership, workspace_navigation(standing(request.user, membership.office, membership=membership)))
        for membership in OfficeMembership.objects.for_user(request.user)
    ]
    other_offices = Office.objects.none()
    if office_ids_where(request.user, Ability.ACT) is None:  # site administrators help every office
        other_offices = Office.objects.exclude(memberships__user=request.user).order_by("name_th")
    return render(
        request,
        "portal/manage/dashboard.html",
        {"memberships": memberships, "other_offices": other_offices, "fiscal_year": current_fiscal_year()},
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
