from django.urls import path

from participation.surveys.views import manage, public

app_name = "surveys"

survey = "<office:office>/surveys/<int:pk>/"
manage_survey = "manage/<office:office>/surveys/<int:pk>/"

urlpatterns = [
    # Public
    path("<office:office>/surveys/", public.SurveyListView.as_view(), name="list"),
    path(survey, public.SurveyDetailView.as_view(), name="detail"),
    path(f"{survey}thanks/", public.ThanksView.as_view(), name="thanks"),
    path(f"{survey}results/", public.ResultsView.as_view(), name="results"),
    path(f"{survey}qr.svg", public.survey_qr, name="qr"),
    # Workspace
    path("manage/<office:office>/surveys/", manage.SurveyListView.as_view(), name="manage_list"),
    path("manage/<office:office>/surveys/new/", manage.SurveyCreateView.as_view(), name="manage_create"),
    path(
        "manage/<office:office>/surveys/new/satisfaction/",
        manage.SatisfactionCreateView.as_view(),
        name="manage_create_satisfaction",
    ),
    path(manage_survey, manage.SurveyDetailView.as_view(), name="manage_detail"),
    path(f"{manage_survey}edit/", manage.SurveyUpdateView.as_view(), name="manage_edit"),
    path(f"{manage_survey}sections/new/", manage.SectionView.as_view(), name="manage_section_create"),
    path(f"{manage_survey}sections/<int:section>/", manage.SectionView.as_view(), name="manage_section_edit"),
    path(f"{manage_survey}questions/new/", manage.QuestionView.as_view(), name="manage_question_create"),
    path(f"{manage_survey}questions/<int:question>/", manage.QuestionView.as_view(), name="manage_question_edit"),
    path(
        f"{manage_survey}questions/<int:question>/remove/",
        manage.QuestionRemoveView.as_view(),
        name="manage_question_remove",
    ),
    path(f"{manage_survey}open/", manage.OpenView.as_view(), name="manage_open"),
    path(f"{manage_survey}close/", manage.CloseView.as_view(), name="manage_close"),
    path(f"{manage_survey}publish/", manage.PublishResultsView.as_view(), name="manage_publish"),
    path(f"{manage_survey}copy/", manage.CopyView.as_view(), name="manage_copy"),
    path(f"{manage_survey}results/", manage.ResultsView.as_view(), name="manage_results"),
    path(
        f"{manage_survey}questions/<int:question>/answers/",
        manage.TextAnswersView.as_view(),
        name="manage_text_answers",
    ),
    path(f"{manage_survey}responses.csv", manage.ResponsesCsvView.as_view(), name="manage_csv"),
    path(f"{manage_survey}poster/", manage.PosterView.as_view(), name="manage_poster"),
]
