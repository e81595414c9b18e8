"""Accessibility proven: axe-core (WCAG 2.1 A and AA) finds nothing on any page of the demo, public or
workspace, and no page scrolls sideways on a 320 px wide screen.

The pages are found by following links from the national home, an office's home and each office's
workspace (tests/browser/walk.py), so pages added later are walked as soon as something links to them;
a page nothing links to must be named in UNLINKED with the reason, or the walk fails.
"""

import io

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from participation.models import Office
from tests.browser.walk import AXE_NARROW_OPTIONS, AXE_OPTIONS, AXE_RUN, OVERFLOW_SCRIPT, Discovery, axe_report, is_page
from tests.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICES = ["singburi", "chainat", "loei1", "ratchaburi1", "ops-moe", "moe", "obec"]
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}

# Pages no link of the demo leads to, with the reason; every other page of the URL configuration is walked.
UNLINKED = {
    "password_change_done": "shown once after a password change",
    "feedback:receipt": "shown once after sending feedback (test_receipt_fits_a_small_phone)",
    "feedback:track_code": "opened by typing the tracking code (test_receipt_fits_a_small_phone)",
    "feedback:track_rate": "a POST from the tracking page",
    "surveys:thanks": "shown once after answering a survey",
    "feedback:manage_personal_data_erase": "reached from a search of the personal-data page",
    "cycle:manage_evidence_attach": "a POST from the step's evidence page",
    "notifications:read": "a POST from the notifications page",
    "notifications:read_all": "a POST from the notifications page",
    # Confirmations offered only in a state no record of the demo is in.
    "announcements:manage_unschedule": "needs an announcement scheduled for later",
    "cycle:manage_summary_approve": "needs a summary waiting for the director",
    "cycle:manage_summary_return": "needs a summary waiting for the director",
    "hearings:manage_publish": "needs a hearing report ready to publish",
    "surveys:manage_publish": "needs a survey that has ended with its results not yet published",
}
# Pages linked only when a year has more than the ITA page shows: opened by address.
START_PUBLIC = ["/singburi/plans/2562/steps/involve/"]


def every_url_name() -> set[str]:
    """The URL names of the site's pages, from the URL configuration."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return {name for name in walk(get_resolver().url_patterns) if is_page(name, "/")}


@pytest.fixture
def demo(transactional_db):
    """The demo, plus records of Sing Buri and Chai Nat in every state (drafts, open and closed hearings,
    surveys, join requests…) so that the pages only such records have are walked too."""
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    offices = {office.slug: office for office in Office.objects.filter(slug__in=["singburi", "chainat"])}
    staff = {user.username: user for user in get_user_model().objects.filter(username__endswith="-staff")}
    return build_world(offices["singburi"], offices["chainat"], staff["singburi-staff"], staff["chainat-staff"])


@pytest.fixture
def site_pages(demo) -> Discovery:
    """Every page links reach: the public site as anyone, then each office's workspace as its director."""
    found = Discovery()
    client = Client()
    start = ["/", "/track/", "/search/?q=ประชุม", "/accounts/login/", *START_PUBLIC]
    start += [f"/{slug}/" for slug in OFFICES]
    # The links of the e-mails that confirm and stop e-mail updates.
    start += [f"/singburi/subscribe/confirm/{demo['sub_confirm']}/", f"/singburi/unsubscribe/{demo['sub_stop']}/"]
    found.run(client, start, outside=("/manage/", "/en/", "/accounts/password/", "/admin/"))
    User = get_user_model()
    for slug in OFFICES:
        user = User.objects.filter(username=f"{slug}-director").first()
        if user is None:
            continue
        client.force_login(user)
        # The design page (components for staff) is reached by its address.
        found.run(
            client,
            ["/manage/", "/design/"],
            within=("/manage/", "/accounts/password/", "/design/"),
            username=user.username,
        )
    return found


def session_cookies(live_server, usernames) -> dict:
    """A logged-in session cookie for each of these demo accounts."""
    cookies = {}
    User = get_user_model()
    for username in usernames:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    return cookies


def test_every_page_passes_axe_and_fits_a_narrow_screen(chromium, live_server, site_pages):
    missing = every_url_name() - set(site_pages.reached) - set(UNLINKED)
    assert not missing, f"pages no link of the demo reaches (link them, or name them in UNLINKED): {sorted(missing)}"
    linked_now = set(UNLINKED) & set(site_pages.reached)
    assert not linked_now, f"UNLINKED names pages a link now reaches (take them out): {sorted(linked_now)}"

    cookies = session_cookies(live_server, {found.username for found in site_pages.pages.values() if found.username})
    ordered = sorted(site_pages.pages.items(), key=lambda item: (item[1].username or "", item[0]))
    problems, overflows = [], []
    # One context, one page: each address is opened once at desktop width for axe, then the window is
    # narrowed to 320 px, where the width is measured and axe runs its rules that depend on the layout.
    context = chromium.new_context(locale="th-TH", viewport=DESKTOP)
    # axe-core (as axe-playwright-python bundles it) comes with every page, rather than sent to each one.
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    user = None
    for name, found in ordered:
        if found.username != user:
            context.clear_cookies()
            if found.username:
                context.add_cookies([cookies[found.username]])
            user = found.username
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_server.url + found.path)
        assert response.status == 200, f"{name} {found.path} answered {response.status}"
        results = page.evaluate(AXE_RUN, AXE_OPTIONS)
        page.set_viewport_size(NARROW)
        narrow = page.evaluate(AXE_RUN, AXE_NARROW_OPTIONS)
        results["violations"] += [
            v for v in narrow["violations"] if v["id"] not in {x["id"] for x in results["violations"]}
        ]
        if results["violations"]:
            problems.append(axe_report(results, name, found.path))
        width = page.evaluate(OVERFLOW_SCRIPT)
        if width["scrollWidth"] > width["innerWidth"]:
            wide = "\n        ".join(width["wide"])
            overflows.append(f"{name} {found.path}: {width['scrollWidth']} px wide\n        {wide}")
    context.close()
    print(f"walked {len(ordered)} pages at {DESKTOP['width']} px and {NARROW['width']} px")
    report = ""
    if problems:
        report += f"axe found violations on {len(problems)} pages:\n" + "\n".join(problems) + "\n"
    if overflows:
        report += f"{len(overflows)} pages scroll sideways at {NARROW['width']} px:\n" + "\n".join(overflows)
    assert not report, report


# The checks of issue #18's findings 4 and 5, each on its own (the walk above finds them too).

LINES_SCRIPT = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  return new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top))).size;
}"""


def fits(page) -> bool:
    width = page.evaluate(OVERFLOW_SCRIPT)
    return width["scrollWidth"] <= width["innerWidth"]


@pytest.fixture
def offices_with_records(transactional_db):
    """The demo's offices and accounts, announcements, feedback and yearly cycles."""
    from announcements.demo import seed_announcements
    from participation.cycle.demo import seed_cycle
    from participation.demo import seed_accounts, seed_offices
    from participation.feedback.demo import seed_feedback
    from participation.meetings.demo import seed_meetings

    seed_accounts(seed_offices())
    seed_announcements()
    seed_meetings()
    seed_feedback()
    seed_cycle()


def test_receipt_fits_a_small_phone(chromium, live_server, offices_with_records, settings):
    """Finding 4: the receipt, its tracking code (never broken inside) and its link fit 320 and 360 px."""
    settings.FEEDBACK_MIN_SECONDS = 0
    context = chromium.new_context(locale="en", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/en/singburi/feedback/new/")
    page.get_by_label("What kind of feedback is it?").select_option("suggestion")
    page.get_by_label("Subject").fill("ที่จอดรถหน้าสำนักงาน")
    page.get_by_label("Your message").fill("ขอให้ตีเส้นที่จอดรถสำหรับผู้มาติดต่อ")
    page.get_by_label("E-mail").fill("someone.with.a.rather.long.address@example-of-a-long-domain.go.th")
    page.get_by_role("button", name="Send").click()
    code = page.locator("#tracking-code").inner_text().strip()
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 740})
        assert fits(page), f"the receipt scrolls sideways at {width} px"
        assert page.evaluate(LINES_SCRIPT, "#tracking-code") == 1, f"the tracking code breaks at {width} px"
        assert page.locator("#tracking-code").inner_text().strip() == code
    page.goto(f"{live_server.url}/en/track/{code}/")
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 740})
        assert fits(page), f"the tracking page scrolls sideways at {width} px"
    context.close()


def test_formal_announcement_and_summary_fit_a_small_phone(chromium, live_server, offices_with_records):
    """Finding 4: a formal announcement (ประกาศ) and the approved yearly summary fit 320 and 360 px."""
    from announcements.models import Announcement

    formal = Announcement.objects.filter(kind=Announcement.Kind.ANNOUNCEMENT).public().first()
    context = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in (formal.get_absolute_url(), "/singburi/plans/2562/summary/"):
        page.goto(live_server.url + path)
        assert page.locator(".official-doc").count() == 1
        for width in (360, 320):
            page.set_viewport_size({"width": width, "height": 740})
            assert fits(page), f"{path} scrolls sideways at {width} px: {page.evaluate(OVERFLOW_SCRIPT)}"
    context.close()


def test_workspace_has_no_empty_office_bar_and_overdue_is_legible(chromium, live_server, offices_with_records):
    """Finding 5: no workspace page draws the public office bar with an empty link, and the inbox's overdue
    warnings keep a 4.5:1 contrast on their red rows."""
    context = chromium.new_context(locale="th-TH", viewport=DESKTOP)
    context.add_cookies(list(session_cookies(live_server, ["singburi-director"]).values()))
    page = context.new_page()
    axe = Axe()
    # A page of each kind of view: a template view (the plan), a detail, a list.
    for path in ("/manage/singburi/overview/", "/manage/singburi/approvals/", "/manage/singburi/feedback/"):
        page.goto(live_server.url + path)
        for link in page.locator("header a").all():
            assert link.inner_text().strip() or link.get_attribute("aria-label"), f"an empty link on {path}"
        assert page.locator(".office-name").count() == 0, f"the public office bar shows on {path}"
    overdue = page.locator("tr.table-danger .text-danger")
    assert overdue.count() > 0, "the demo inbox has overdue feedback"
    results = axe.run(page, context="table.inbox", options={"runOnly": ["color-contrast"]}).response
    assert not results["violations"], axe_report(results, "feedback:inbox", "/manage/singburi/feedback/")
    context.close()
