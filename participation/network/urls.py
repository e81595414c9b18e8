from django.urls import path

from participation.network import views

app_name = "network"

manage = "manage/<office:office>/network/"

urlpatterns = [
    path(manage, views.NetworkView.as_view(), name="manage"),
    path(f"{manage}groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path(f"{manage}groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="group_edit"),
    path(f"{manage}members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path(f"{manage}members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_edit"),
    path(f"{manage}import/", views.NetworkImportView.as_view(), name="import"),
    path(f"{manage}export.csv", views.NetworkExportView.as_view(), name="export"),
]
