from django.urls import path

from participation.meetings.views import manage, public

app_name = "meetings"

meeting = "<office:office>/meetings/<int:pk>/"
manage_meeting = "manage/<office:office>/meetings/<int:pk>/"

urlpatterns = [
    # Public
    path("<office:office>/meetings/", public.MeetingListView.as_view(), name="list"),
    path("<office:office>/meetings.ics", public.office_calendar, name="ics"),
    path(meeting, public.MeetingDetailView.as_view(), name="detail"),
    path(f"{meeting}calendar.ics", public.meeting_calendar, name="detail_ics"),
    path(f"{meeting}files/<int:file>/", public.meeting_file, name="file"),
    # Workspace
    path("manage/<office:office>/meetings/", manage.MeetingListView.as_view(), name="manage_list"),
    path("manage/<office:office>/meetings/new/", manage.MeetingCreateView.as_view(), name="manage_create"),
    path("manage/<office:office>/follow-up/", manage.FollowUpTrackerView.as_view(), name="manage_follow_up"),
    path(manage_meeting, manage.MeetingDetailView.as_view(), name="manage_detail"),
    path(f"{manage_meeting}edit/", manage.MeetingUpdateView.as_view(), name="manage_edit"),
    path(f"{manage_meeting}attendance/", manage.AttendanceView.as_view(), name="manage_attendance"),
    path(f"{manage_meeting}attendees/", manage.AttendeesView.as_view(), name="manage_attendees"),
    path(f"{manage_meeting}held/", manage.HeldView.as_view(), name="manage_held"),
    path(f"{manage_meeting}cancel/", manage.CancelView.as_view(), name="manage_cancel"),
    path(f"{manage_meeting}files/", manage.FilesView.as_view(), name="manage_files"),
    path(f"{manage_meeting}files/<int:file>/remove/", manage.FileRemoveView.as_view(), name="manage_file_remove"),
    path(f"{manage_meeting}follow-up/new/", manage.FollowUpView.as_view(), name="manage_action_create"),
    path(f"{manage_meeting}follow-up/<int:action>/", manage.FollowUpView.as_view(), name="manage_action_edit"),
    path(f"{manage_meeting}registrations/", manage.RegistrationsView.as_view(), name="manage_registrations"),
    path(f"{manage_meeting}sign-in/", manage.SignInSheetView.as_view(), name="manage_sign_in"),
]
