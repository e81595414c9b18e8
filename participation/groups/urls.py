from django.urls import path

from participation.groups.views import evaluation, manage, public

app_name = "groups"

group = "<office:office>/groups/<int:pk>/"
manage_group = "manage/<office:office>/groups/<int:pk>/"

urlpatterns = [
    # Public
    path("<office:office>/groups/", public.GroupListView.as_view(), name="list"),
    path(group, public.GroupDetailView.as_view(), name="detail"),
    path(f"{group}join/", public.JoinView.as_view(), name="join"),
    path(f"{group}report/<int:year>/", public.YearReportView.as_view(), name="report"),
    # Workspace
    path("manage/<office:office>/groups/", manage.GroupListView.as_view(), name="manage_list"),
    path("manage/<office:office>/groups/new/", manage.GroupCreateView.as_view(), name="manage_create"),
    path(manage_group, manage.GroupDetailView.as_view(), name="manage_detail"),
    path(f"{manage_group}edit/", manage.GroupUpdateView.as_view(), name="manage_edit"),
    path(f"{manage_group}close/", manage.GroupCloseView.as_view(), name="manage_close"),
    path(f"{manage_group}members/new/", manage.MemberView.as_view(), name="manage_member_create"),
    path(f"{manage_group}members/<int:member>/", manage.MemberView.as_view(), name="manage_member_edit"),
    path(f"{manage_group}requests/<int:join>/accept/", manage.AcceptView.as_view(), name="manage_accept"),
    path(f"{manage_group}requests/<int:join>/decline/", manage.DeclineView.as_view(), name="manage_decline"),
    path(f"{manage_group}orders/new/", manage.OrderCreateView.as_view(), name="manage_order_create"),
    path(f"{manage_group}orders/<int:order>/", manage.OrderView.as_view(), name="manage_order"),
    path(f"{manage_group}activities/new/", manage.ActivityView.as_view(), name="manage_activity_create"),
    path(f"{manage_group}activities/<int:activity>/", manage.ActivityView.as_view(), name="manage_activity_edit"),
    path(f"{manage_group}criteria/", evaluation.CriteriaView.as_view(), name="manage_criteria"),
    path(f"{manage_group}scores/", evaluation.ScoresView.as_view(), name="manage_scores"),
    path(f"{manage_group}awards/new/", evaluation.AwardCreateView.as_view(), name="manage_award_create"),
    path(f"{manage_group}awards/<int:award>/", evaluation.CertificateView.as_view(), name="manage_certificate"),
]
