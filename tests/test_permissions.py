"""Every URL of the project × every persona, with GET and POST.

`MATRIX` must name every URL pattern: test_every_view_is_in_the_matrix walks
the URL configuration and fails when a view is missing, so a new view cannot
ship without its permission cases. Other offices' non-public records answer
404, never 403, so nobody learns what exists.

POST: a view in `WRITES` changes state. Whoever may not open it gets the same
answer to a POST as to a GET (404, or the login page); whoever may gets the
form again (200, 400) or is sent on (302), never 403, 404, 405 or 500. Every
other view refuses POST with 405.

The records are built once for the module (`matrix_world`) inside a transaction
that each test's own savepoint rolls back, so a POST changes nothing for the next case.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS, build_world, make_chainat, make_persona, make_singburi
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
# The director's settings (who handles reports of misconduct): the director and site administrators.
DIRECTOR_ONLY = {**OWN_OFFICE, "staff_singburi": 404}
# A decision in the director's name: the office's own director, nobody else.
DECIDE = {**DIRECTOR_ONLY, "site_admin": 404}
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
    # The design system's page: for anyone signed in (and for everyone while DEBUG is on).
    "design": ("/design/", LOGIN_REQUIRED),
    "healthz": ("/healthz/", ALL_200),
    "readyz": ("/readyz/", ALL_200),
    # The test client calls from 127.0.0.1 without a proxy's headers: an internal address (see test_observability).
    "metrics": ("/metrics/", ALL_200),
    "login": ("/accounts/login/", {**dict.fromkeys(PERSONAS, 302), "citizen": 200}),
    # Logging out changes state: GET is refused for everyone.
    "logout": ("/accounts/logout/", dict.fromkeys(PERSONAS, 405)),
    "password_change": ("/accounts/password/", LOGIN_REQUIRED),
    "password_change_done": ("/accounts/password/done/", LOGIN_REQUIRED),
    "manage:dashboard": ("/manage/", LOGIN_REQUIRED),
    # Notifications: each person's own, whatever their office; the read button takes POST only.
    "notifications:list": ("/manage/notifications/", LOGIN_REQUIRED),
    "notifications:read_all": ("/manage/notifications/read/", {**dict.fromkeys(PERSONAS, 405), "citizen": 302}),
    # Staff of Sing Buri's own notice: nobody else learns it exists.
    "notifications:read": ("/manage/notifications/{notice}/read/", {**ALL_404, "citizen": 302, "staff_singburi": 405}),
    "notifications:settings": ("/manage/notifications/settings/", LOGIN_REQUIRED),
    # E-mail updates: anyone, no account; the links of the e-mails are signed for one subscription.
    "notifications:subscribe": ("/singburi/subscribe/", ALL_200),
    "notifications:confirm": ("/singburi/subscribe/confirm/{sub_confirm}/", ALL_200),
    "notifications:unsubscribe": ("/singburi/unsubscribe/{sub_stop}/", ALL_200),
    "participation:office": ("/singburi/", ALL_200),
    # No emblem ships: until the office uploads one there is none to fetch (tests/participation/test_emblem.py).
    "participation:emblem": ("/singburi/emblem/", ALL_404),
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
    # Search: everything public, one office's public records, the workspace's (drafts, inbox, network)
    "search:search": ("/search/?q=ข่าว", ALL_200),
    "search:opensearch": ("/search/opensearch.xml", ALL_200),
    "search:office": ("/singburi/search/?q=ร่างข่าว", ALL_200),
    "search:manage": ("/manage/singburi/search/?q=ร่างข่าว", OWN_OFFICE),
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
    "feedback:misconduct": ("/singburi/report-misconduct/", ALL_200),
    "feedback:procedure": ("/singburi/feedback/procedure/", ALL_200),
    "feedback:manage_procedure": ("/manage/singburi/feedback/procedure/", DIRECTOR_ONLY),
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
    "feedback:manage_answer": ("/manage/singburi/feedback/{fb}/answer/", POST_ONLY),
    "feedback:manage_note": ("/manage/singburi/feedback/{fb}/note/", POST_ONLY),
    "feedback:manage_assign": ("/manage/singburi/feedback/{fb}/assign/", POST_ONLY),
    "feedback:manage_start": ("/manage/singburi/feedback/{fb}/start/", OWN_OFFICE),
    "feedback:manage_close": ("/manage/singburi/feedback/{fb}/close/", OWN_OFFICE),
    "feedback:manage_reopen": ("/manage/singburi/feedback/{fb}/reopen/", OWN_OFFICE),
    "feedback:manage_spam": ("/manage/singburi/feedback/{fb}/spam/", OWN_OFFICE),
    "feedback:manage_file": ("/manage/singburi/feedback/{fb}/files/{fb_file}/", OWN_OFFICE),
    # Hearings on a draft: public pages
    "hearings:list": ("/singburi/hearings/", ALL_200),
    "hearings:detail": ("/singburi/hearings/{hrg}/", ALL_200),
    "hearings:comment": ("/singburi/hearings/{hrg}/comment/", ALL_200),
    "hearings:report": ("/singburi/hearings/{hrg_reported}/report/", ALL_200),
    "hearings:file": ("/singburi/hearings/{hrg}/files/{hrg_file}/", ALL_200),
    # Hearings: the workspace
    "hearings:manage_list": ("/manage/singburi/hearings/", OWN_OFFICE),
    "hearings:manage_create": ("/manage/singburi/hearings/new/", OWN_OFFICE),
    "hearings:manage_detail": ("/manage/singburi/hearings/{hrg_draft}/", OWN_OFFICE),
    "hearings:manage_edit": ("/manage/singburi/hearings/{hrg}/edit/", OWN_OFFICE),
    "hearings:manage_documents": ("/manage/singburi/hearings/{hrg_draft}/documents/", OWN_OFFICE),
    "hearings:manage_document_remove": (
        "/manage/singburi/hearings/{hrg_draft}/documents/{hrg_draft_file}/remove/",
        OWN_OFFICE,
    ),
    "hearings:manage_open": ("/manage/singburi/hearings/{hrg_draft}/open/", OWN_OFFICE),
    "hearings:manage_close": ("/manage/singburi/hearings/{hrg}/close/", OWN_OFFICE),
    "hearings:manage_comments": ("/manage/singburi/hearings/{hrg}/comments/", OWN_OFFICE),
    "hearings:manage_moderate": ("/manage/singburi/hearings/{hrg}/comments/{hrg_comment}/moderate/", OWN_OFFICE),
    "hearings:manage_theme_of": (
        "/manage/singburi/hearings/{hrg_closed}/comments/{hrg_closed_comment}/theme/",
        OWN_OFFICE,
    ),
    "hearings:manage_report": ("/manage/singburi/hearings/{hrg_closed}/report/", OWN_OFFICE),
    "hearings:manage_theme_create": ("/manage/singburi/hearings/{hrg_closed}/report/themes/new/", OWN_OFFICE),
    "hearings:manage_theme_edit": ("/manage/singburi/hearings/{hrg_closed}/report/themes/{hrg_theme}/", OWN_OFFICE),
    "hearings:manage_publish": ("/manage/singburi/hearings/{hrg_closed}/report/publish/", OWN_OFFICE),
    # The yearly cycle: public pages (the summary is public once approved: see EXTRA_CASES)
    "cycle:plans": ("/singburi/plans/", ALL_200),
    "cycle:plan": ("/singburi/plans/{year}/", ALL_200),
    "cycle:ita": ("/singburi/plans/{year}/ita/", ALL_200),
    "cycle:oit": ("/singburi/plans/{year}/oit/", ALL_200),
    "cycle:step": ("/singburi/plans/{year}/steps/involve/", ALL_200),
    "cycle:summary": ("/singburi/plans/{year}/summary/", ALL_404),
    # The yearly cycle: the workspace
    "cycle:manage_plans": ("/manage/singburi/plans/", OWN_OFFICE),
    "cycle:manage_approvals": ("/manage/singburi/approvals/", DECIDE),
    "cycle:manage_plan": ("/manage/singburi/plans/{year}/", OWN_OFFICE),
    "cycle:manage_step": ("/manage/singburi/plans/{year}/steps/review/", OWN_OFFICE),
    "cycle:manage_step_evidence": ("/manage/singburi/plans/{year}/steps/involve/evidence/?q=ประชุม", OWN_OFFICE),
    "cycle:manage_targets": ("/manage/singburi/plans/{year}/targets/", OWN_OFFICE),
    "cycle:manage_evidence_attach": ("/manage/singburi/plans/{year}/evidence/attach/", POST_ONLY),
    "cycle:manage_evidence_detach": ("/manage/singburi/plans/{year}/evidence/detach/", POST_ONLY),
    "cycle:manage_evidence_link": ("/manage/singburi/plans/{year}/evidence/link/", POST_ONLY),
    "cycle:manage_audit": ("/manage/singburi/plans/{year}/audit/", OWN_OFFICE),
    "cycle:manage_summary": ("/manage/singburi/plans/{year}/summary/", OWN_OFFICE),
    "cycle:manage_summary_submit": ("/manage/singburi/plans/{year}/summary/submit/", OWN_OFFICE),
    "cycle:manage_summary_approve": ("/manage/singburi/plans/{year}/summary/approve/", DECIDE),
    "cycle:manage_summary_return": ("/manage/singburi/plans/{year}/summary/return/", DECIDE),
    "cycle:manage_summary_versions": ("/manage/singburi/plans/{year}/summary/versions/", OWN_OFFICE),
    # Working groups: public pages (a member's name only with their consent: tests/groups)
    "groups:list": ("/singburi/groups/", ALL_200),
    "groups:detail": ("/singburi/groups/{grp}/", ALL_200),
    "groups:join": ("/singburi/groups/{grp}/join/", ALL_200),
    "groups:report": ("/singburi/groups/{grp}/report/2568/", ALL_200),
    # Working groups: the workspace (personal data of members and applicants: the office's people only)
    "groups:manage_list": ("/manage/singburi/groups/", OWN_OFFICE),
    "groups:manage_create": ("/manage/singburi/groups/new/", OWN_OFFICE),
    "groups:manage_detail": ("/manage/singburi/groups/{grp_internal}/", OWN_OFFICE),
    "groups:manage_edit": ("/manage/singburi/groups/{grp}/edit/", OWN_OFFICE),
    "groups:manage_close": ("/manage/singburi/groups/{grp}/close/", OWN_OFFICE),
    "groups:manage_member_create": ("/manage/singburi/groups/{grp}/members/new/", OWN_OFFICE),
    "groups:manage_member_edit": ("/manage/singburi/groups/{grp}/members/{grp_member}/", OWN_OFFICE),
    "groups:manage_accept": ("/manage/singburi/groups/{grp}/requests/{grp_request}/accept/", OWN_OFFICE),
    "groups:manage_decline": ("/manage/singburi/groups/{grp}/requests/{grp_request}/decline/", OWN_OFFICE),
    "groups:manage_order_create": ("/manage/singburi/groups/{grp}/orders/new/", OWN_OFFICE),
    "groups:manage_order": ("/manage/singburi/groups/{grp}/orders/{grp_order}/", OWN_OFFICE),
    "groups:manage_activity_create": ("/manage/singburi/groups/{grp}/activities/new/", OWN_OFFICE),
    "groups:manage_activity_edit": ("/manage/singburi/groups/{grp}/activities/{grp_activity}/", OWN_OFFICE),
    "groups:manage_criteria": ("/manage/singburi/groups/{grp}/criteria/", OWN_OFFICE),
    "groups:manage_scores": ("/manage/singburi/groups/{grp}/scores/", OWN_OFFICE),
    "groups:manage_award_create": ("/manage/singburi/groups/{grp}/awards/new/", OWN_OFFICE),
    "groups:manage_certificate": ("/manage/singburi/groups/{grp}/awards/{grp_award}/", OWN_OFFICE),
    # Feedback: public accountability and personal-data requests
    "feedback:answers": ("/singburi/feedback/", ALL_200),
    "feedback:stats": ("/singburi/feedback/stats/", ALL_200),
    "feedback:stats_csv": ("/singburi/feedback/stats.csv", ALL_200),
    # Searches, copies and erasures are posted (no personal data in addresses): the copy answers only
    # POST, the erasure sends a GET back to the search page.
    "feedback:manage_personal_data": ("/manage/singburi/feedback/personal-data/", OWN_OFFICE),
    "feedback:manage_personal_data_export": ("/manage/singburi/feedback/personal-data/export/", POST_ONLY),
    "feedback:manage_personal_data_erase": (
        "/manage/singburi/feedback/personal-data/erase/",
        {**OWN_OFFICE, **dict.fromkeys(["staff_singburi", "director_singburi", "site_admin"], 302)},
    ),
    # Surveys: public pages (a draft's and unpublished results are in EXTRA_CASES)
    "surveys:list": ("/singburi/surveys/", ALL_200),
    "surveys:detail": ("/singburi/surveys/{svy}/", ALL_200),
    "surveys:thanks": ("/singburi/surveys/{svy}/thanks/", ALL_200),
    "surveys:results": ("/singburi/surveys/{svy_pub}/results/", ALL_200),
    "surveys:qr": ("/singburi/surveys/{svy}/qr.svg", ALL_200),
    # Surveys: the workspace
    "surveys:manage_list": ("/manage/singburi/surveys/", OWN_OFFICE),
    "surveys:manage_create": ("/manage/singburi/surveys/new/", OWN_OFFICE),
    "surveys:manage_create_satisfaction": ("/manage/singburi/surveys/new/satisfaction/", OWN_OFFICE),
    "surveys:manage_detail": ("/manage/singburi/surveys/{svy_draft}/", OWN_OFFICE),
    "surveys:manage_edit": ("/manage/singburi/surveys/{svy}/edit/", OWN_OFFICE),
    "surveys:manage_section_create": ("/manage/singburi/surveys/{svy_draft}/sections/new/", OWN_OFFICE),
    "surveys:manage_section_edit": ("/manage/singburi/surveys/{svy_draft}/sections/{svy_section}/", OWN_OFFICE),
    "surveys:manage_question_create": ("/manage/singburi/surveys/{svy_draft}/questions/new/", OWN_OFFICE),
    "surveys:manage_question_edit": ("/manage/singburi/surveys/{svy_draft}/questions/{svy_q}/", OWN_OFFICE),
    "surveys:manage_question_remove": (
        "/manage/singburi/surveys/{svy_draft}/questions/{svy_q}/remove/",
        OWN_OFFICE,
    ),
    "surveys:manage_open": ("/manage/singburi/surveys/{svy_draft}/open/", OWN_OFFICE),
    "surveys:manage_close": ("/manage/singburi/surveys/{svy}/close/", OWN_OFFICE),
    "surveys:manage_publish": ("/manage/singburi/surveys/{svy}/publish/", OWN_OFFICE),
    "surveys:manage_copy": ("/manage/singburi/surveys/{svy}/copy/", OWN_OFFICE),
    "surveys:manage_results": ("/manage/singburi/surveys/{svy}/results/", OWN_OFFICE),
    "surveys:manage_text_answers": ("/manage/singburi/surveys/{svy}/questions/{svy_text}/answers/", OWN_OFFICE),
    "surveys:manage_csv": ("/manage/singburi/surveys/{svy}/responses.csv", OWN_OFFICE),
    "surveys:manage_poster": ("/manage/singburi/surveys/{svy}/poster/", OWN_OFFICE),
    # Open data: the read-only API (no language prefix: every answer has both languages) and downloads.
    "api:docs": ("/api/v1/docs/", ALL_200),
    "api:index": ("/api/v1/", ALL_200),
    "api:openapi-json": ("/api/v1/openapi.json", ALL_200),
    "api:offices": ("/api/v1/offices/", ALL_200),
    "api:stakeholder-groups": ("/api/v1/stakeholder-groups/", ALL_200),
    "api:announcements": ("/api/v1/announcements/", ALL_200),
    "api:meetings": ("/api/v1/meetings/?office=singburi", ALL_200),
    "api:feedback-answers": ("/api/v1/feedback-answers/", ALL_200),
    "api:feedback-statistics": ("/api/v1/feedback-statistics/", ALL_200),
    "api:plans": ("/api/v1/plans/", ALL_200),
    "api:summaries": ("/api/v1/summaries/", ALL_200),
    "api:hearings": ("/api/v1/hearings/?office=singburi", ALL_200),
    "api:surveys": ("/api/v1/surveys/", ALL_200),
    "api:working-groups": ("/api/v1/working-groups/?kind=citizen", ALL_200),
    "api:overview": ("/api/v1/overview/?fiscal_year=2568", ALL_200),
    "api:ita-parts": ("/api/v1/ita-parts/?office=singburi", ALL_200),
    # The national overview: public figures; a supervising office's view of the offices under it
    "overview:overview": ("/overview/", ALL_200),
    "overview:manage": ("/manage/singburi/overview/", OWN_OFFICE),
    "opendata:index": ("/data/", ALL_200),
    "opendata:catalog": ("/data/catalog.jsonld", ALL_200),
    "opendata:download": ("/data/announcements.csv", ALL_200),
    "opendata:office": ("/data/singburi/", ALL_200),
    "opendata:office_download": ("/data/singburi/meetings.jsonl", ALL_200),
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
    # A report of misconduct: only the director and those who handle such reports (site administrators too).
    ("feedback:manage_detail", "/manage/singburi/feedback/{report}/", DIRECTOR_ONLY),
    ("feedback:manage_file", "/manage/singburi/feedback/{report}/files/{report_file}/", DIRECTOR_ONLY),
    ("feedback:manage_close", "/manage/singburi/feedback/{report}/close/", DIRECTOR_ONLY),
    # Another office's meeting through Sing Buri's addresses, public or in the workspace.
    ("meetings:detail", "/singburi/meetings/{other_mtg}/", ALL_404),
    ("meetings:manage_detail", "/manage/singburi/meetings/{other_mtg}/", {**ALL_404, "citizen": 302}),
    ("meetings:manage_edit", "/manage/singburi/meetings/{other_mtg}/edit/", {**ALL_404, "citizen": 302}),
    ("meetings:manage_cancel", "/manage/singburi/meetings/{other_mtg}/cancel/", {**ALL_404, "citizen": 302}),
    # An internal meeting has no public page, not even for its office (staff see it in the workspace);
    # its files are for its own office's people only.
    ("meetings:detail", "/singburi/meetings/{internal}/", ALL_404),
    # A step's evidence: only the five steps, only pages that exist, only the office's own plans.
    ("cycle:step", "/singburi/plans/{year}/steps/nothing/", ALL_404),
    ("cycle:step", "/singburi/plans/{year}/steps/publish/?page=9", ALL_404),
    ("cycle:step", "/closed/plans/{year}/steps/publish/", ALL_404),
    # The same in the workspace: only the five steps, only plans that exist, only the office's own.
    (
        "cycle:manage_step_evidence",
        "/manage/singburi/plans/{year}/steps/nothing/evidence/",
        {**ALL_404, "citizen": 302},
    ),
    ("cycle:manage_step_evidence", "/manage/singburi/plans/2500/steps/publish/evidence/", {**ALL_404, "citizen": 302}),
    (
        "cycle:manage_step_evidence",
        "/manage/chainat/plans/{year}/steps/publish/evidence/",
        {**ALL_404, "citizen": 302},
    ),
    ("meetings:file", "/singburi/meetings/{internal}/files/{internal_file}/", PREVIEW_ONLY),
    # A draft hearing has no public page, its documents are its office's; another office's hearing does
    # not exist under Sing Buri's addresses; a report exists once it is published.
    ("hearings:detail", "/singburi/hearings/{hrg_draft}/", ALL_404),
    ("hearings:comment", "/singburi/hearings/{hrg_draft}/comment/", ALL_404),
    ("hearings:detail", "/singburi/hearings/{other_hrg}/", ALL_404),
    ("hearings:detail", "/chainat/hearings/{hrg}/", ALL_404),
    ("hearings:report", "/singburi/hearings/{hrg}/report/", ALL_404),
    ("hearings:file", "/singburi/hearings/{hrg_draft}/files/{hrg_draft_file}/", PREVIEW_ONLY),
    ("hearings:file", "/singburi/hearings/{hrg}/files/{hrg_draft_file}/", ALL_404),
    (
        "hearings:file",
        "/chainat/hearings/{other_hrg}/files/{other_hrg_file}/",
        {**ALL_404, "staff_other_office": 200, "site_admin": 200},
    ),
    ("hearings:manage_detail", "/manage/singburi/hearings/{other_hrg}/", {**ALL_404, "citizen": 302}),
    ("hearings:manage_edit", "/manage/singburi/hearings/{other_hrg}/edit/", {**ALL_404, "citizen": 302}),
    ("hearings:manage_open", "/manage/singburi/hearings/{other_hrg}/open/", {**ALL_404, "citizen": 302}),
    (
        "hearings:manage_moderate",
        "/manage/singburi/hearings/{hrg_closed}/comments/{hrg_comment}/moderate/",
        {**ALL_404, "citizen": 302},
    ),
    (
        "hearings:manage_theme_edit",
        "/manage/singburi/hearings/{hrg}/report/themes/{hrg_theme}/",
        {**ALL_404, "citizen": 302},
    ),
    # A draft survey has no public page, not even for its office; results only once published.
    ("surveys:detail", "/singburi/surveys/{svy_draft}/", ALL_404),
    ("surveys:qr", "/singburi/surveys/{svy_draft}/qr.svg", ALL_404),
    ("surveys:results", "/singburi/surveys/{svy}/results/", ALL_404),
    # Another office's survey through Sing Buri's addresses, public or in the workspace.
    ("surveys:detail", "/singburi/surveys/{other_svy}/", ALL_404),
    ("surveys:detail", "/chainat/surveys/{other_svy}/", ALL_200),
    ("surveys:manage_detail", "/manage/singburi/surveys/{other_svy}/", {**ALL_404, "citizen": 302}),
    ("surveys:manage_csv", "/manage/singburi/surveys/{other_svy}/responses.csv", {**ALL_404, "citizen": 302}),
    ("surveys:manage_close", "/manage/singburi/surveys/{other_svy}/close/", {**ALL_404, "citizen": 302}),
    # A question of another survey through this survey's address.
    (
        "surveys:manage_question_edit",
        "/manage/singburi/surveys/{svy}/questions/{svy_q}/",
        {**ALL_404, "citizen": 302},
    ),
    # An internal group has no public page; another office's group is not Sing Buri's, anywhere.
    ("groups:detail", "/singburi/groups/{grp_internal}/", ALL_404),
    ("groups:join", "/singburi/groups/{grp_internal}/join/", ALL_404),
    ("groups:report", "/singburi/groups/{grp_internal}/report/2568/", ALL_404),
    ("groups:detail", "/singburi/groups/{other_grp}/", ALL_404),
    ("groups:report", "/singburi/groups/{grp}/report/2500/", ALL_404),
    ("groups:manage_detail", "/manage/singburi/groups/{other_grp}/", {**ALL_404, "citizen": 302}),
    ("groups:manage_edit", "/manage/singburi/groups/{other_grp}/edit/", {**ALL_404, "citizen": 302}),
    ("groups:manage_close", "/manage/singburi/groups/{other_grp}/close/", {**ALL_404, "citizen": 302}),
    (
        "groups:manage_member_edit",
        "/manage/singburi/groups/{grp_internal}/members/{grp_member}/",
        {**ALL_404, "citizen": 302},
    ),
    (
        "groups:manage_certificate",
        "/manage/singburi/groups/{grp_internal}/awards/{grp_award}/",
        {**ALL_404, "citizen": 302},
    ),
    # Open data: an inactive office's share does not exist, nor do datasets that are not registered;
    # the offices dataset is national only.
    ("overview:overview", "/en/overview/?year=2568&by=region&sort=people", ALL_200),
    (
        "overview:manage",
        "/manage/chainat/overview/",
        {**ALL_404, "citizen": 302, "staff_other_office": 200, "site_admin": 200},
    ),
    ("opendata:office", "/data/closed/", ALL_404),
    ("opendata:office_download", "/data/closed/announcements.csv", ALL_404),
    ("opendata:office_download", "/data/singburi/offices.csv", ALL_404),
    ("opendata:download", "/data/members.csv", ALL_404),
    ("opendata:download", "/data/announcements.xlsx", ALL_404),
    ("api:announcements", "/api/v1/announcements/?office=closed", dict.fromkeys(PERSONAS, 400)),
    (
        "meetings:file",
        "/chainat/meetings/{other_mtg}/files/{other_mtg_file}/",
        {**ALL_404, "staff_other_office": 200, "site_admin": 200},
    ),
]

EXTRA_CASES += [
    # A link of Sing Buri's subscription is no link under another office's address; an inactive office has none.
    ("notifications:confirm", "/chainat/subscribe/confirm/{sub_confirm}/", ALL_404),
    ("notifications:unsubscribe", "/chainat/unsubscribe/{sub_stop}/", ALL_404),
    ("notifications:unsubscribe", "/singburi/unsubscribe/not-a-link/", ALL_404),
    ("notifications:confirm", "/singburi/subscribe/confirm/{sub_stop}/", ALL_404),
    ("notifications:subscribe", "/closed/subscribe/", ALL_404),
]

# Views covered elsewhere, with the test that covers them.
COVERED_ELSEWHERE = {
    "admin": "tests/participation/test_admin.py walks the admin for each persona",
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


# Views that change state: they take POST (see the module's docstring).
WRITES = {
    "login",
    "logout",
    "password_change",
    "notifications:read_all",
    "notifications:read",
    "notifications:settings",
    "notifications:subscribe",
    "notifications:confirm",
    "notifications:unsubscribe",
    "announcements:manage_create",
    "announcements:manage_edit",
    "announcements:manage_publish",
    "announcements:manage_unschedule",
    "announcements:manage_withdraw",
    "announcements:manage_copy",
    "announcements:manage_attachment_remove",
    "meetings:detail",
    "meetings:manage_create",
    "meetings:manage_edit",
    "meetings:manage_attendance",
    "meetings:manage_attendees",
    "meetings:manage_held",
    "meetings:manage_cancel",
    "meetings:manage_files",
    "meetings:manage_file_remove",
    "meetings:manage_action_create",
    "meetings:manage_action_edit",
    "network:group_create",
    "network:group_edit",
    "network:member_create",
    "network:member_edit",
    "network:import",
    "feedback:new",
    "feedback:misconduct",
    "feedback:manage_procedure",
    "feedback:track",
    "feedback:track_rate",
    "feedback:manage_record",
    "feedback:manage_bulk",
    "feedback:manage_settings",
    "feedback:manage_answer",
    "feedback:manage_note",
    "feedback:manage_assign",
    "feedback:manage_start",
    "feedback:manage_close",
    "feedback:manage_reopen",
    "feedback:manage_spam",
    "feedback:manage_personal_data",
    "feedback:manage_personal_data_export",
    "feedback:manage_personal_data_erase",
    "hearings:comment",
    "hearings:manage_create",
    "hearings:manage_edit",
    "hearings:manage_documents",
    "hearings:manage_document_remove",
    "hearings:manage_open",
    "hearings:manage_close",
    "hearings:manage_moderate",
    "hearings:manage_theme_of",
    "hearings:manage_report",
    "hearings:manage_theme_create",
    "hearings:manage_theme_edit",
    "hearings:manage_publish",
    "groups:join",
    "groups:manage_create",
    "groups:manage_edit",
    "groups:manage_close",
    "groups:manage_member_create",
    "groups:manage_member_edit",
    "groups:manage_accept",
    "groups:manage_decline",
    "groups:manage_order_create",
    "groups:manage_activity_create",
    "groups:manage_activity_edit",
    "groups:manage_criteria",
    "groups:manage_scores",
    "groups:manage_award_create",
    "cycle:manage_plans",
    "cycle:manage_step",
    "cycle:manage_targets",
    "cycle:manage_evidence_attach",
    "cycle:manage_evidence_detach",
    "cycle:manage_evidence_link",
    "cycle:manage_summary",
    "cycle:manage_summary_submit",
    "cycle:manage_summary_approve",
    "cycle:manage_summary_return",
    "surveys:detail",
    "surveys:manage_create",
    "surveys:manage_create_satisfaction",
    "surveys:manage_edit",
    "surveys:manage_section_create",
    "surveys:manage_section_edit",
    "surveys:manage_question_create",
    "surveys:manage_question_edit",
    "surveys:manage_question_remove",
    "surveys:manage_open",
    "surveys:manage_close",
    "surveys:manage_publish",
    "surveys:manage_copy",
}
ACCEPTED_POST = {200, 302, 400}
DENIED = {302, 404}


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The offices, personas and records of every case, built once and rolled back at the end."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        singburi, chainat = make_singburi(), make_chainat()
        users = {name: make_persona(name, singburi=singburi, chainat=chainat) for name in PERSONAS}
        OfficeFactory(slug="closed", is_active=False)
        ids = build_world(singburi, chainat, users["staff_singburi"], users["staff_other_office"])
        # One session per persona for the whole module; each case's client carries its cookie.
        sessions = {}
        for name, user in users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield {"users": users, "ids": ids, "sessions": sessions}
        transaction.set_rollback(True)


@pytest.fixture
def media_root(matrix_world, settings):
    """The module's files stay where the module's world put them."""
    return settings.MEDIA_ROOT


def client_as(matrix_world, persona: str) -> Client:
    client = Client()
    if persona in matrix_world["sessions"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix_world["sessions"][persona]
    return client


CASES = [(name, path, expected) for name, (path, expected) in MATRIX.items()]
CASES += [(name, path, expected) for name, path, expected in EXTRA_CASES]


def expected_post(name: str, expected_get: int) -> set[int]:
    if expected_get in DENIED:
        # Not theirs: a write is refused exactly as a GET is, so a POST learns and changes nothing.
        return {expected_get} if name in WRITES else {expected_get, 405}
    return ACCEPTED_POST if name in WRITES else {405}


@pytest.mark.parametrize(("name", "path", "expected"), CASES, ids=[c[1] for c in CASES])
def test_view(matrix_world, name, path, expected):
    """GET and POST of one address as every persona; every mismatch is reported at once."""
    url = path.format(**matrix_world["ids"])
    wrong = []
    for persona in PERSONAS:
        response = client_as(matrix_world, persona).get(url)
        if response.status_code != expected[persona]:
            wrong.append(f"GET as {persona}: {response.status_code}, expected {expected[persona]}")
        elif (
            expected[persona] == 302
            and persona == "citizen"
            and "/manage/" in path
            and not response["Location"].startswith("/accounts/login/")
        ):
            wrong.append(f"GET as citizen: sent to {response['Location']}, not the login page")
        with transaction.atomic():
            response = client_as(matrix_world, persona).post(url, {})
            transaction.set_rollback(True)  # what one persona's POST changed is gone for the next
        allowed = expected_post(name, expected[persona])
        if response.status_code not in allowed:
            wrong.append(f"POST as {persona}: {response.status_code}, expected one of {sorted(allowed)}")
        elif (
            response.status_code == 302
            and expected[persona] not in DENIED
            and "/manage/" in path
            and response["Location"].startswith("/accounts/login/")
        ):
            wrong.append(f"POST as {persona}: sent to the login page")
    assert not wrong, f"{name} {path}: " + "; ".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_english_paths_answer_the_same(matrix_world, persona):
    client = client_as(matrix_world, persona)
    for name, (path, expected) in MATRIX.items():
        if name in {"healthz", "readyz", "metrics", "robots_txt", "sitemap", "django.contrib.sitemaps.views.sitemap"}:
            continue
        if name.startswith("api:"):  # the API has no language prefix
            continue
        response = client.get(f"/en{path.format(**matrix_world['ids'])}")
        assert response.status_code == expected[persona], f"/en{path} as {persona}"


def test_writes_are_views_of_the_matrix():
    assert set(MATRIX) >= WRITES, sorted(WRITES - set(MATRIX))
