from django.urls import path

from participation.hearings.views import manage, public

app_name = "hearings"

hearing = "<office:office>/hearings/<int:pk>/"
manage_hearing = "manage/<office:office>/hearings/<int:pk>/"

urlpatterns = [
    # Public
    path("<office:office>/hearings/", public.HearingListView.as_view(), name="list"),
    path(hearing, public.HearingDetailView.as_view(), name="detail"),
    path(f"{hearing}comment/", public.CommentView.as_view(), name="comment"),
    path(f"{hearing}report/", public.ReportView.as_view(), name="report"),
    path(f"{hearing}files/<int:file>/", public.hearing_file, name="file"),
    # Workspace
    path("manage/<office:office>/hearings/", manage.HearingListView.as_view(), name="manage_list"),
    path("manage/<office:office>/hearings/new/", manage.HearingCreateView.as_view(), name="manage_create"),
    path(manage_hearing, manage.HearingDetailView.as_view(), name="manage_detail"),
    path(f"{manage_hearing}edit/", manage.HearingUpdateView.as_view(), name="manage_edit"),
    path(f"{manage_hearing}documents/", manage.DocumentsView.as_view(), name="manage_documents"),
    path(
        f"{manage_hearing}documents/<int:file>/remove/",
        manage.DocumentRemoveView.as_view(),
        name="manage_document_remove",
    ),
    path(f"{manage_hearing}open/", manage.OpenView.as_view(), name="manage_open"),
    path(f"{manage_hearing}close/", manage.CloseView.as_view(), name="manage_close"),
    path(f"{manage_hearing}comments/", manage.CommentsView.as_view(), name="manage_comments"),
    path(f"{manage_hearing}comments/<int:comment>/moderate/", manage.ModerateView.as_view(), name="manage_moderate"),
    path(f"{manage_hearing}comments/<int:comment>/theme/", manage.CommentThemeView.as_view(), name="manage_theme_of"),
    path(f"{manage_hearing}report/", manage.ReportView.as_view(), name="manage_report"),
    path(f"{manage_hearing}report/themes/new/", manage.ThemeView.as_view(), name="manage_theme_create"),
    path(f"{manage_hearing}report/themes/<int:theme>/", manage.ThemeView.as_view(), name="manage_theme_edit"),
    path(f"{manage_hearing}report/publish/", manage.PublishReportView.as_view(), name="manage_publish"),
]
