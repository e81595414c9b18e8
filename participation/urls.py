from django.urls import path

from participation.urls_network import network_patterns
from participation.views import OfficeHomeView, meetings
from participation.views import manage_meetings as manage

app_name = "participation"

meeting = "<office:office>/meetings/<int:pk>/"
manage_meeting = "manage/<office:office>/meetings/<int:pk>/"

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
    # The office's home comes last: its first segment is any office's slug.
    path("<office:office>/", OfficeHomeView.as_view(), name="office"),
]
