from django.urls import path

from participation.urls_cycle_public import cycle_public_patterns
from participation.urls_feedback_reports import feedback_report_patterns
from participation.urls_network import network_patterns
from participation.views import OfficeHomeView, manage_cycle, manage_feedback, meetings
from participation.views import feedback as feedback_views
from participation.views import manage_meetings as manage

app_name = "participation"

meeting = "<office:office>/meetings/<int:pk>/"
manage_meeting = "manage/<office:office>/meetings/<int:pk>/"
manage_feedback_item = "manage/<office:office>/feedback/<int:pk>/"
manage_plan = "manage/<office:office>/plans/<int:year>/"

urlpatterns = [
    # Public
    path("<office:office>/meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("<office:office>/meetings.ics", meetings.office_calendar, name="meetings_ics"),
    path(meeting, meetings.MeetingDetailView.as_view(), name="meeting"),
    path(f"{meeting}calendar.ics", meetings.meeting_calendar, name="meeting_ics"),
    path(f"{meeting}files/<int:file>/", meetings.meeting_file, name="meeting_file"),
    # Workspace
    path("manage/<office:office>/meetings/", manage.MeetingListView.as_view(), name="manage_meetings"),
    path("manage/<office:office>/meetings/new/", manage.MeetingCreateView.as_view(), name="manage_meeting_create"),
    path("manage/<office:office>/follow-up/", manage.FollowUpTrackerView.as_view(), name="manage_follow_up"),
    path(manage_meeting, manage.MeetingDetailView.as_view(), name="manage_meeting"),
    path(f"{manage_meeting}edit/", manage.MeetingUpdateView.as_view(), name="manage_meeting_edit"),
    path(f"{manage_meeting}attendance/", manage.AttendanceView.as_view(), name="manage_meeting_attendance"),
    path(f"{manage_meeting}attendees/", manage.AttendeesView.as_view(), name="manage_meeting_attendees"),
    path(f"{manage_meeting}held/", manage.HeldView.as_view(), name="manage_meeting_held"),
    path(f"{manage_meeting}cancel/", manage.CancelView.as_view(), name="manage_meeting_cancel"),
    path(f"{manage_meeting}files/", manage.FilesView.as_view(), name="manage_meeting_files"),
    path(
        f"{manage_meeting}files/<int:file>/remove/", manage.FileRemoveView.as_view(), name="manage_meeting_file_remove"
    ),
    path(f"{manage_meeting}follow-up/new/", manage.FollowUpView.as_view(), name="manage_meeting_action_create"),
    path(f"{manage_meeting}follow-up/<int:action>/", manage.FollowUpView.as_view(), name="manage_meeting_action_edit"),
    path(f"{manage_meeting}registrations/", manage.RegistrationsView.as_view(), name="manage_meeting_registrations"),
    path(f"{manage_meeting}sign-in/", manage.SignInSheetView.as_view(), name="manage_meeting_sign_in"),
    *network_patterns,
    *feedback_report_patterns,
    # Feedback: the public form and tracking
    path("<office:office>/feedback/new/", feedback_views.FeedbackCreateView.as_view(), name="feedback_new"),
    path("<office:office>/feedback/receipt/", feedback_views.ReceiptView.as_view(), name="feedback_receipt"),
    path("track/", feedback_views.track, name="track"),
    path("track/<str:code>/", feedback_views.track_code, name="track_code"),
    path("track/<str:code>/rate/", feedback_views.rate, name="track_rate"),
    # Feedback: the staff inbox
    path("manage/<office:office>/feedback/", manage_feedback.InboxView.as_view(), name="manage_feedback"),
    path("manage/<office:office>/feedback/new/", manage_feedback.RecordView.as_view(), name="manage_feedback_record"),
    path("manage/<office:office>/feedback/bulk/", manage_feedback.BulkView.as_view(), name="manage_feedback_bulk"),
    path(
        "manage/<office:office>/feedback/settings/",
        manage_feedback.SettingsView.as_view(),
        name="manage_feedback_settings",
    ),
    path(f"{manage_feedback_item}", manage_feedback.FeedbackDetailView.as_view(), name="manage_feedback_detail"),
    path(f"{manage_feedback_item}start/", manage_feedback.StartView.as_view(), name="manage_feedback_start"),
    path(f"{manage_feedback_item}close/", manage_feedback.CloseView.as_view(), name="manage_feedback_close"),
    path(f"{manage_feedback_item}reopen/", manage_feedback.ReopenView.as_view(), name="manage_feedback_reopen"),
    path(f"{manage_feedback_item}spam/", manage_feedback.SpamView.as_view(), name="manage_feedback_spam"),
    path(
        f"{manage_feedback_item}files/<int:file>/",
        manage_feedback.FeedbackFileView.as_view(),
        name="manage_feedback_file",
    ),
    *cycle_public_patterns,
    # The yearly cycle: the workspace
    path("manage/<office:office>/plans/", manage_cycle.PlansView.as_view(), name="manage_plans"),
    path("manage/<office:office>/approvals/", manage_cycle.ApprovalsView.as_view(), name="manage_approvals"),
    path(manage_plan, manage_cycle.PlanView.as_view(), name="manage_plan"),
    path(f"{manage_plan}steps/<str:step>/", manage_cycle.StepView.as_view(), name="manage_plan_step"),
    path(f"{manage_plan}targets/", manage_cycle.TargetsView.as_view(), name="manage_plan_targets"),
    path(f"{manage_plan}evidence/", manage_cycle.EvidenceView.as_view(), name="manage_plan_evidence"),
    path(f"{manage_plan}audit/", manage_cycle.AuditView.as_view(), name="manage_plan_audit"),
    path(f"{manage_plan}summary/", manage_cycle.SummaryView.as_view(), name="manage_summary"),
    path(f"{manage_plan}summary/submit/", manage_cycle.SubmitView.as_view(), name="manage_summary_submit"),
    path(f"{manage_plan}summary/approve/", manage_cycle.ApproveView.as_view(), name="manage_summary_approve"),
    path(f"{manage_plan}summary/return/", manage_cycle.ReturnView.as_view(), name="manage_summary_return"),
    path(f"{manage_plan}summary/versions/", manage_cycle.VersionsView.as_view(), name="manage_summary_versions"),
    # The office's home comes last: its first segment is any office's slug.
    path("<office:office>/", OfficeHomeView.as_view(), name="office"),
]
