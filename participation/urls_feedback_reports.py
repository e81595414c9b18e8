"""Feedback reports: "you said, we did", the year's figures, and personal-data requests in the
workspace; included into the `participation` namespace."""

from django.urls import path

from participation.views import feedback_reports as views

feedback_report_patterns = [
    path("<office:office>/feedback/", views.AnswersView.as_view(), name="feedback_answers"),
    path("<office:office>/feedback/stats/", views.StatsView.as_view(), name="feedback_stats"),
    path("<office:office>/feedback/stats.csv", views.stats_csv, name="feedback_stats_csv"),
    path(
        "manage/<office:office>/feedback/personal-data/",
        views.PersonalDataView.as_view(),
        name="manage_feedback_personal_data",
    ),
    path(
        "manage/<office:office>/feedback/personal-data/erase/",
        views.PersonalDataEraseView.as_view(),
        name="manage_feedback_personal_data_erase",
    ),
]
