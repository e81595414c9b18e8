from django.urls import path

from participation.notifications.views import manage, public

app_name = "notifications"

urlpatterns = [
    path("manage/notifications/", manage.NotificationListView.as_view(), name="list"),
    path("manage/notifications/read/", manage.NotificationReadAllView.as_view(), name="read_all"),
    path("manage/notifications/<int:pk>/read/", manage.NotificationReadView.as_view(), name="read"),
    path("manage/notifications/settings/", manage.PreferencesView.as_view(), name="settings"),
    path("<office:office>/subscribe/", public.SubscribeView.as_view(), name="subscribe"),
    path("<office:office>/subscribe/confirm/<str:token>/", public.ConfirmView.as_view(), name="confirm"),
    path("<office:office>/unsubscribe/<str:token>/", public.UnsubscribeView.as_view(), name="unsubscribe"),
]
