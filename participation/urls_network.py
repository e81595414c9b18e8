"""The stakeholder network in the staff workspace; included into the `participation` namespace."""

from django.urls import path

from participation.views import network as views

manage = "manage/<office:office>/network/"

network_patterns = [
    path(manage, views.NetworkView.as_view(), name="manage_network"),
    path(f"{manage}groups/new/", views.GroupCreateView.as_view(), name="manage_network_group_create"),
    path(f"{manage}groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="manage_network_group_edit"),
    path(f"{manage}members/new/", views.MemberCreateView.as_view(), name="manage_network_member_create"),
    path(f"{manage}members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="manage_network_member_edit"),
    path(f"{manage}import/", views.NetworkImportView.as_view(), name="manage_network_import"),
    path(f"{manage}export.csv", views.NetworkExportView.as_view(), name="manage_network_export"),
]
