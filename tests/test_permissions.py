"""Every URL of the project × every persona.

`MATRIX` must name every URL pattern: test_every_view_is_in_the_matrix walks
the URL configuration and fails when a view is missing, so a new view cannot
ship without its permission cases. Other offices' non-public records answer
404, never 403, so nobody learns what exists.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

ALL_200 = dict.fromkeys(PERSONAS, 200)
LOGIN_REQUIRED = {
    "citizen": 302,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 200,
    "site_admin": 200,
}
ALL_404 = dict.fromkeys(PERSONAS, 404)
# The workspace of Sing Buri: its people and site administrators; 404 for another office's staff.
OWN_OFFICE = {**LOGIN_REQUIRED, "staff_other_office": 404}
# Reports of misconduct, and the feedback settings: the director (and site administrators) only.
DIRECTOR_ONLY = {**OWN_OFFICE, "staff_singburi": 404}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "citizen": 302, "staff_other_office": 404}
# Not public yet: only the office's own people (and site administrators) may fetch it, for previews.
PREVIEW_ONLY = {
    "citizen": 404,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 404,
    "site_admin": 200,
}

# name → (path, {persona: status on GET})
MATRIX = {
    "home": ("/", ALL_200),
    "privacy": ("/privacy/", ALL_200),
    "healthz": ("/healthz/", ALL_200),
    "login": ("/accounts/login/", {**dict.fromkeys(PERSONAS, 302), "citizen": 200}),
    # Logging out changes state: GET is refused for everyone.
    "logout": ("/accounts/logout/", dict.fromkeys(PERSONAS, 405)),
    "password_change": ("/accounts/password/", LOGIN_REQUIRED),
    "password_change_done": ("/accounts/password/done/", LOGIN_REQUIRED),
    "manage:dashboard": ("/manage/", LOGIN_REQUIRED),
    "participation:office": ("/singburi/", ALL_200),
    "robots_txt": ("/robots.txt", ALL_200),
    "sitemap": ("/sitemap.xml", ALL_200),
    "django.contrib.sitemaps.views.sitemap": ("/sitemap-announcements.xml", ALL_200),
    # Announcements: public pages
    "announcements:feed_all": ("/feed.xml", ALL_200),
    "announcements:feed": ("/singburi/feed.xml", ALL_200),
    "announcements:list": ("/singburi/announcements/", ALL_200),
    "announcements:detail": ("/singburi/announcements/{pub}/", ALL_200),
    "announcements:cover": ("/singburi/announcements/{pub}/cover/", ALL_200),
    "announcements:attachment": ("/singburi/announcements/{pub}/files/{pdf}/", ALL_200),
    "announcements:photo": ("/singburi/announcements/{pub}/photos/{photo}/", ALL_200),
    # Announcements: the workspace
    "announcements:manage_list": ("/manage/singburi/announcements/", OWN_OFFICE),
    "announcements:manage_create": ("/manage/singburi/announcements/new/", OWN_OFFICE),
    "announcements:manage_detail": ("/manage/singburi/announcements/{draft}/", OWN_OFFICE),
    "announcements:manage_edit": ("/manage/singburi/announcements/{draft}/edit/", OWN_OFFICE),
    "announcements:manage_publish": ("/manage/singburi/announcements/{draft}/publish/", OWN_OFFICE),
    "announcements:manage_unschedule": ("/manage/singburi/announcements/{draft}/unschedule/", OWN_OFFICE),
    "announcements:manage_withdraw": ("/manage/singburi/announcements/{pub}/withdraw/", OWN_OFFICE),
    "announcements:manage_copy": ("/manage/singburi/announcements/{pub}/copy/", OWN_OFFICE),
    "announcements:manage_history": ("/manage/singburi/announcements/{pub}/history/", OWN_OFFICE),
    "announcements:manage_attachment_remove": (
        "/manage/singburi/announcements/{draft}/files/{draft_pdf}/remove/",
        OWN_OFFICE,
    ),
    # Meetings: public pages
    "meetings:list": ("/singburi/meetings/", ALL_200),
    "meetings:ics": ("/singburi/meetings.ics", ALL_200),
    "meetings:detail": ("/singburi/meetings/{mtg}/", ALL_200),
    "meetings:detail_ics": ("/singburi/meetings/{mtg}/calendar.ics", ALL_200),
    "meetings:file": ("/singburi/meetings/{mtg}/files/{mtg_file}/", ALL_200),
    # Meetings: the workspace
    "meetings:manage_list": ("/manage/singburi/meetings/", OWN_OFFICE),
    "meetings:manage_create": ("/manage/singburi/meetings/new/", OWN_OFFICE),
    "meetings:manage_follow_up": ("/manage/singburi/follow-up/", OWN_OFFICE),
    "meetings:manage_detail": ("/manage/singburi/meetings/{internal}/", OWN_OFFICE),
    "meetings:manage_edit": ("/manage/singburi/meetings/{mtg}/edit/", OWN_OFFICE),
    "meetings:manage_attendance": ("/manage/singburi/meetings/{mtg}/attendance/", OWN_OFFICE),
    "meetings:manage_attendees": ("/manage/singburi/meetings/{mtg}/attendees/", OWN_OFFICE),
    "meetings:manage_held": ("/manage/singburi/meetings/{mtg}/held/", OWN_OFFICE),
    "meetings:manage_cancel": ("/manage/singburi/meetings/{mtg}/cancel/", OWN_OFFICE),
    "meetings:manage_files": ("/manage/singburi/meetings/{mtg}/files/", OWN_OFFICE),
    "meetings:manage_file_remove": (
        "/manage/singburi/meetings/{mtg}/files/{mtg_file}/remove/",
        OWN_OFFICE,
    ),
    "meetings:manage_action_create": ("/manage/singburi/meetings/{mtg}/follow-up/new/", OWN_OFFICE),
    "meetings:manage_action_edit": (
        "/manage/singburi/meetings/{mtg}/follow-up/{mtg_action}/",
        OWN_OFFICE,
    ),
    "meetings:manage_registrations": ("/manage/singburi/meetings/{mtg}/registrations/", OWN_OFFICE),
    "meetings:manage_sign_in": ("/manage/singburi/meetings/{mtg}/sign-in/", OWN_OFFICE),
    # The stakeholder network (personal data: the office's people only)
    "network:manage": ("/manage/singburi/network/", OWN_OFFICE),
    "network:group_create": ("/manage/singburi/network/groups/new/", OWN_OFFICE),
    "network:group_edit": ("/manage/singburi/network/groups/{group}/edit/", OWN_OFFICE),
    "network:member_create": ("/manage/singburi/network/members/new/", OWN_OFFICE),
    "network:member_edit": ("/manage/singburi/network/members/{member}/edit/", OWN_OFFICE),
    "network:import": ("/manage/singburi/network/import/", OWN_OFFICE),
    "network:export": ("/manage/singburi/network/export.csv", OWN_OFFICE),
    # Feedback: public
    "feedback:new": ("/singburi/feedback/new/", ALL_200),
    # No receipt in this browser's session: sent on to the tracking page.
    "feedback:receipt": ("/singburi/feedback/receipt/", dict.fromkeys(PERSONAS, 302)),
    "feedback:track": ("/track/", ALL_200),
    "feedback:track_code": ("/track/{fb_code}/", ALL_200),
    "feedback:track_rate": ("/track/{fb_code}/rate/", dict.fromkeys(PERSONAS, 405)),
    # Feedback: the inbox
    "feedback:inbox": ("/manage/singburi/feedback/", OWN_OFFICE),
    "feedback:manage_record": ("/manage/singburi/feedback/new/", OWN_OFFICE),
    "feedback:manage_bulk": ("/manage/singburi/feedback/bulk/", POST_ONLY),
    "feedback:manage_settings": ("/manage/singburi/feedback/settings/", DIRECTOR_ONLY),
    "feedback:manage_detail": ("/manage/singburi/feedback/{fb}/", OWN_OFFICE),
    "feedback:manage_start": ("/manage/singburi/feedback/{fb}/start/", OWN_OFFICE),
    "feedback:manage_close": ("/manage/singburi/feedback/{fb}/close/", OWN_OFFICE),
    "feedback:manage_reopen": ("/manage/singburi/feedback/{fb}/reopen/", OWN_OFFICE),
    "feedback:manage_spam": ("/manage/singburi/feedback/{fb}/spam/", OWN_OFFICE),
    "feedback:manage_file": ("/manage/singburi/feedback/{fb}/files/{fb_file}/", OWN_OFFICE),
    # The yearly cycle: public pages (the summary is public once approved: see EXTRA_CASES)
    "cycle:plans": ("/singburi/plans/", ALL_200),
    "cycle:plan": ("/singburi/plans/{year}/", ALL_200),
    "cycle:ita": ("/singburi/plans/{year}/ita/", ALL_200),
    "cycle:summary": ("/singburi/plans/{year}/summary/", ALL_404),
    # The yearly cycle: the workspace
    "cycle:manage_plans": ("/manage/singburi/plans/", OWN_OFFICE),
    "cycle:manage_approvals": ("/manage/singburi/approvals/", DIRECTOR_ONLY),
    "cycle:manage_plan": ("/manage/singburi/plans/{year}/", OWN_OFFICE),
    "cycle:manage_step": ("/manage/singburi/plans/{year}/steps/review/", OWN_OFFICE),
    "cycle:manage_targets": ("/manage/singburi/plans/{year}/targets/", OWN_OFFICE),
    "cycle:manage_evidence": ("/manage/singburi/plans/{year}/evidence/", POST_ONLY),
    "cycle:manage_audit": ("/manage/singburi/plans/{year}/audit/", OWN_OFFICE),
    "cycle:manage_summary": ("/manage/singburi/plans/{year}/summary/", OWN_OFFICE),
    "cycle:manage_summary_submit": ("/manage/singburi/plans/{year}/summary/submit/", OWN_OFFICE),
    "cycle:manage_summary_approve": ("/manage/singburi/plans/{year}/summary/approve/", DIRECTOR_ONLY),
    "cycle:manage_summary_return": ("/manage/singburi/plans/{year}/summary/return/", DIRECTOR_ONLY),
    "cycle:manage_summary_versions": ("/manage/singburi/plans/{year}/summary/versions/", OWN_OFFICE),
    # Feedback: public accountability and personal-data requests
    "feedback:answers": ("/singburi/feedback/", ALL_200),
    "feedback:stats": ("/singburi/feedback/stats/", ALL_200),
    "feedback:stats_csv": ("/singburi/feedback/stats.csv", ALL_200),
    "feedback:manage_personal_data": (
        "/manage/singburi/feedback/personal-data/?email=a@example.org",
        OWN_OFFICE,
    ),
    "feedback:manage_personal_data_erase": (
        "/manage/singburi/feedback/personal-data/erase/?email=a@example.org",
        OWN_OFFICE,
    ),
}

# Extra cases for the same views: inactive offices are not public, not even to their staff.
EXTRA_CASES = [
    ("participation:office", "/closed/", ALL_404),
    ("participation:office", "/en/closed/", ALL_404),
    ("participation:office", "/no-such-office/", ALL_404),
    # A draft has no public page, not even for its office (staff preview it in the workspace).
    ("announcements:detail", "/singburi/announcements/{draft}/", ALL_404),
    # An announcement addressed through another office's URL does not exist there.
    ("announcements:detail", "/chainat/announcements/{pub}/", ALL_404),
    ("announcements:attachment", "/singburi/announcements/{draft}/files/{draft_pdf}/", PREVIEW_ONLY),
    ("announcements:cover", "/singburi/announcements/{draft}/cover/", PREVIEW_ONLY),
    ("announcements:attachment", "/singburi/announcements/{pub}/files/{draft_pdf}/", ALL_404),
    (
        "announcements:attachment",
        "/chainat/announcements/{other_draft}/files/{other_pdf}/",
        {**ALL_404, "site_admin": 200, "staff_other_office": 200},
    ),
    # Another office's announcement inside Sing Buri's workspace, or Chai Nat's workspace itself.
    ("announcements:manage_detail", "/manage/singburi/announcements/{other_draft}/", {**ALL_404, "citizen": 302}),
    ("announcements:manage_edit", "/manage/singburi/announcements/{other_draft}/edit/", {**ALL_404, "citizen": 302}),
    (
        "announcements:manage_publish",
        "/manage/singburi/announcements/{other_draft}/publish/",
        {**ALL_404, "citizen": 302},
    ),
    (
        "announcements:manage_detail",
        "/manage/chainat/announcements/{other_draft}/",
        {**ALL_404, "citizen": 302, "staff_other_office": 200, "site_admin": 200},
    ),
    (
        "announcements:manage_list",
        "/manage/chainat/announcements/",
        {**ALL_404, "citizen": 302, "staff_other_office": 200, "site_admin": 200},
    ),
]

# Views covered elsewhere, with the test that covers them.
COVERED_ELSEWHERE = {
    "admin": "tests/test_admin.py walks the admin for each persona",
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.callback.__module__ == "django.views.static":
                continue  # media files in DEBUG only
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_view_is_in_the_matrix():
    names = set(walk(get_resolver().url_patterns))
    missing = {name for name in names if name not in MATRIX and name.split(":", 1)[0] not in COVERED_ELSEWHERE}
    assert not missing, f"views missing from the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - names
    assert not stale, f"matrix entries with no view: {sorted(stale)}"


CASES = [(name, path, persona, expected[persona]) for name, (path, expected) in MATRIX.items() for persona in PERSONAS]
CASES += [(name, path, persona, expected[persona]) for name, path, expected in EXTRA_CASES for persona in PERSONAS]


@pytest.mark.parametrize(("name", "path", "persona", "expected"), CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_get(client_for, name, path, persona, expected, world):
    OfficeFactory(slug="closed", is_active=False)
    response = client_for(persona).get(path.format(**world))
    assert response.status_code == expected, f"{name} as {persona}"
    if expected == 302 and persona == "citizen" and "/manage/" in path:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_english_paths_answer_the_same(client_for, persona, world):
    for name, (path, expected) in MATRIX.items():
        if name in {"healthz", "robots_txt", "sitemap", "django.contrib.sitemaps.views.sitemap"}:
            continue
        response = client_for(persona).get(f"/en{path.format(**world)}")
        assert response.status_code == expected[persona], f"/en{path} as {persona}"
