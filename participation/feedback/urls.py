from django.urls import path

from participation.feedback.views import manage, public, reports, tracking

app_name = "feedback"

item = "manage/<office:office>/feedback/<int:pk>/"

urlpatterns = [
    # The public form and tracking
    path("<office:office>/feedback/new/", public.FeedbackCreateView.as_view(), name="new"),
    path("<office:office>/feedback/receipt/", public.receipt, name="receipt"),
    path("<office:office>/report-misconduct/", public.MisconductReportView.as_view(), name="misconduct"),
    path("<office:office>/feedback/procedure/", reports.ProcedureView.as_view(), name="procedure"),
    path("track/", tracking.track, name="track"),
    path("track/<str:code>/", tracking.track_code, name="track_code"),
    path("track/<str:code>/rate/", tracking.rate, name="track_rate"),
    # Public reports: "you said, we did" and the year's figures
    path("<office:office>/feedback/", reports.AnswersView.as_view(), name="answers"),
    path("<office:office>/feedback/stats/", reports.StatsView.as_view(), name="stats"),
    path("<office:office>/feedback/stats.csv", reports.stats_csv, name="stats_csv"),
    # The staff inbox
    path("manage/<office:office>/feedback/", manage.InboxView.as_view(), name="inbox"),
    path("manage/<office:office>/feedback/new/", manage.RecordView.as_view(), name="manage_record"),
    path("manage/<office:office>/feedback/bulk/", manage.BulkView.as_view(), name="manage_bulk"),
    path("manage/<office:office>/feedback/settings/", manage.SettingsView.as_view(), name="manage_settings"),
    path("manage/<office:office>/feedback/procedure/", reports.ProcedureEditView.as_view(), name="manage_procedure"),
    path(
        "manage/<office:office>/feedback/personal-data/",
        reports.PersonalDataView.as_view(),
        name="manage_personal_data",
    ),
    path(
        "manage/<office:office>/feedback/personal-data/export/",
        reports.PersonalDataExportView.as_view(),
        name="manage_personal_data_export",
    ),
    path(
        "manage/<office:office>/feedback/personal-data/erase/",
        reports.PersonalDataEraseView.as_view(),
        name="manage_personal_data_erase",
    ),
    path(item, manage.FeedbackDetailView.as_view(), name="manage_detail"),
    path(f"{item}answer/", manage.AnswerView.as_view(), name="manage_answer"),
    path(f"{item}note/", manage.NoteView.as_view(), name="manage_note"),
    path(f"{item}assign/", manage.AssignView.as_view(), name="manage_assign"),
    path(f"{item}start/", manage.StartView.as_view(), name="manage_start"),
    path(f"{item}close/", manage.CloseView.as_view(), name="manage_close"),
    path(f"{item}reopen/", manage.ReopenView.as_view(), name="manage_reopen"),
    path(f"{item}spam/", manage.SpamView.as_view(), name="manage_spam"),
    path(f"{item}files/<int:file>/", manage.FeedbackFileView.as_view(), name="manage_file"),
]
