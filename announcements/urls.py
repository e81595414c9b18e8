from django.urls import path
from django.views.decorators.http import require_safe

from announcements import feeds, views

app_name = "announcements"

public = "<office:office>/announcements/"
manage = "manage/<office:office>/announcements/"

urlpatterns = [
    # Feeds are read-only: anything but GET and HEAD is refused.
    path("feed.xml", require_safe(feeds.AllOfficesFeed()), name="feed_all"),
    path("<office:office>/feed.xml", require_safe(feeds.OfficeFeed()), name="feed"),
    path(public, views.AnnouncementListView.as_view(), name="list"),
    path(f"{public}<int:pk>/", views.AnnouncementDetailView.as_view(), name="detail"),
    path(f"{public}<int:pk>/cover/", views.cover_image, name="cover"),
    path(f"{public}<int:pk>/files/<int:attachment>/", views.attachment_download, name="attachment"),
    path(f"{public}<int:pk>/photos/<int:attachment>/", views.attachment_photo, name="photo"),
    path(manage, views.ManageListView.as_view(), name="manage_list"),
    path(f"{manage}new/", views.AnnouncementCreateView.as_view(), name="manage_create"),
    path(f"{manage}<int:pk>/", views.ManageDetailView.as_view(), name="manage_detail"),
    path(f"{manage}<int:pk>/edit/", views.AnnouncementUpdateView.as_view(), name="manage_edit"),
    path(f"{manage}<int:pk>/publish/", views.PublishView.as_view(), name="manage_publish"),
    path(f"{manage}<int:pk>/unschedule/", views.UnscheduleView.as_view(), name="manage_unschedule"),
    path(f"{manage}<int:pk>/withdraw/", views.WithdrawView.as_view(), name="manage_withdraw"),
    path(f"{manage}<int:pk>/copy/", views.CopyView.as_view(), name="manage_copy"),
    path(f"{manage}<int:pk>/history/", views.HistoryView.as_view(), name="manage_history"),
    path(
        f"{manage}<int:pk>/files/<int:attachment>/remove/",
        views.AttachmentRemoveView.as_view(),
        name="manage_attachment_remove",
    ),
]
