"""Every state change of a survey and every refusal, at the service level."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from participation.models import AuditEvent
from participation.surveys import services
from participation.surveys.models import Answer, Question, Response, Survey
from tests.factories import StakeholderGroupFactory
from tests.surveys.helpers import answer, later, make_survey, questions

pytestmark = pytest.mark.django_db


def test_a_new_survey_is_a_draft_with_one_section(singburi, staff_singburi):
    survey = services.survey_create(office=singburi, actor=staff_singburi, data={"title": "แบบสำรวจ"})
    assert survey.status == Survey.Status.DRAFT
    assert survey.sections.count() == 1
    assert AuditEvent.objects.filter(action="survey.created", target_id=str(survey.pk)).exists()


def test_target_groups_stay_in_the_office(singburi, chainat, staff_singburi):
    own, foreign = singburi.stakeholder_groups.first(), chainat.stakeholder_groups.first()
    survey = services.survey_create(
        office=singburi, actor=staff_singburi, data={"title": "แบบสำรวจ"}, target_groups=[own, foreign]
    )
    assert list(survey.target_groups.all()) == [own]


def test_opening_needs_a_question_and_a_closing_time_to_come(singburi, staff_singburi):
    survey = services.survey_create(office=singburi, actor=staff_singburi, data={"title": "แบบสำรวจ"})
    with pytest.raises(ValidationError) as error:
        services.survey_open(survey=survey, actor=staff_singburi)
    assert error.value.code == "no_questions"
    survey = make_survey(singburi, staff_singburi, opened=False)
    Survey.objects.filter(pk=survey.pk).update(closes_at=later(-1), opens_at=later(-3))
    with pytest.raises(ValidationError) as error:
        services.survey_open(survey=survey, actor=staff_singburi)
    assert error.value.code == "closes_in_past"


def test_open_close_publish(singburi, staff_singburi):
    survey = make_survey(singburi, staff_singburi)
    assert survey.status == Survey.Status.OPEN and survey.opens_at is not None and survey.is_accepting()
    with pytest.raises(ValidationError) as error:
        services.survey_open(survey=survey, actor=staff_singburi)
    assert error.value.code == "not_draft"
    with pytest.raises(ValidationError) as error:
        services.survey_publish_results(survey=survey, actor=staff_singburi)
    assert error.value.code == "still_open"
    survey = services.survey_close(survey=survey, actor=staff_singburi)
    assert survey.status == Survey.Status.CLOSED and not survey.is_accepting() and survey.closed_at
    with pytest.raises(ValidationError) as error:
        services.survey_close(survey=survey, actor=staff_singburi)
    assert error.value.code == "not_open"
    survey = services.survey_publish_results(survey=survey, actor=staff_singburi, summary="  จะปรับปรุงป้าย  ")
    assert survey.status == Survey.Status.PUBLISHED and survey.results_summary == "จะปรับปรุงป้าย"
    with pytest.raises(ValidationError) as error:
        services.survey_publish_results(survey=survey, actor=staff_singburi)
    assert error.value.code == "published"
    actions = set(AuditEvent.objects.filter(target_id=str(survey.pk)).values_list("action", flat=True))
    assert {"survey.opened", "survey.closed", "survey.results_published"} <= actions


def test_results_can_be_published_once_the_closing_time_passed(singburi, staff_singburi):
    survey = make_survey(singburi, staff_singburi, opened=False)
    survey = services.survey_update(
        survey=survey, actor=staff_singburi, data={"opens_at": later(-5), "closes_at": later(2)}
    )
    survey = services.survey_open(survey=survey, actor=staff_singburi)
    Survey.objects.filter(pk=survey.pk).update(closes_at=later(-1))
    survey.refresh_from_db()
    assert survey.has_ended and not survey.is_accepting()
    assert services.survey_publish_results(survey=survey, actor=None).status == Survey.Status.PUBLISHED


def test_a_closed_survey_cannot_be_changed(singburi, staff_singburi):
    survey = services.survey_close(survey=make_survey(singburi, staff_singburi), actor=staff_singburi)
    with pytest.raises(ValidationError) as error:
        services.survey_update(survey=survey, actor=staff_singburi, data={"title": "ใหม่"})
    assert error.value.code == "closed"


def test_questions_lock_once_answered(singburi, staff_singburi):
    survey = make_survey(singburi, staff_singburi)
    rating = questions(survey)["rating"]
    # Before answers: an open survey's questions may still change.
    services.question_save(
        survey=survey, actor=staff_singburi, question=rating, section=rating.section, data={"text": "พอใจเพียงใด"}
    )
    answer(survey)
    for attempt in [
        lambda: services.question_save(
            survey=survey, actor=staff_singburi, question=rating, section=rating.section, data={"text": "x"}
        ),
        lambda: services.question_save(
            survey=survey, actor=staff_singburi, question=None, section=rating.section, data={"text": "x"}
        ),
        lambda: services.question_remove(question=rating, actor=staff_singburi),
        lambda: services.section_save(survey=survey, actor=staff_singburi, section=None, data={"title": "x"}),
    ]:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "locked"
    rating.refresh_from_db()
    assert rating.text == "พอใจเพียงใด"
    # The old answers stay readable against the question they answered.
    assert Answer.objects.get(question=rating).number == 4


@pytest.mark.parametrize(
    ("kind", "choices"),
    [("rating", ["หนึ่ง"]), ("single", ["ก"]), ("multiple", ["ก", "ก"]), ("short_text", ["ก"]), ("rating", ["ก", ""])],
)
def test_question_choices_are_checked(singburi, staff_singburi, kind, choices):
    survey = services.survey_create(office=singburi, actor=staff_singburi, data={"title": "แบบสำรวจ"})
    with pytest.raises(ValidationError):
        services.question_save(
            survey=survey,
            actor=staff_singburi,
            question=None,
            section=survey.sections.get(),
            data={"kind": kind, "text": "คำถาม", "choices": choices},
        )
    assert not survey.questions.exists()


def test_a_section_of_another_survey_is_refused(singburi, staff_singburi):
    first, second = make_survey(singburi, opened=False), make_survey(singburi, opened=False)
    with pytest.raises(ValidationError) as error:
        services.question_save(
            survey=first,
            actor=None,
            question=None,
            section=second.sections.get(),
            data={"text": "x", "kind": "short_text"},
        )
    assert error.value.code == "foreign_section"


def test_answers_are_kept_by_kind(singburi):
    survey = make_survey(singburi)
    group = singburi.stakeholder_groups.first()
    response = answer(survey, rating=5, single=2, multiple=(1, 3), text="ดีมาก", group=group)
    by_kind = questions(survey)
    stored = {(row.question_id, row.number, row.text) for row in response.answers.all()}
    assert stored == {
        (by_kind["rating"].pk, 5, ""),
        (by_kind["single"].pk, 2, ""),
        (by_kind["multiple"].pk, 1, ""),
        (by_kind["multiple"].pk, 3, ""),
        (by_kind["long_text"].pk, None, "ดีมาก"),
    }
    assert response.group == group and not response.is_repeat


def test_a_group_of_another_office_is_dropped(singburi, chainat):
    response = answer(make_survey(singburi), group=chainat.stakeholder_groups.first())
    assert response.group is None


def test_a_choice_outside_the_question_is_refused(singburi):
    survey = make_survey(singburi)
    with pytest.raises(ValidationError):
        answer(survey, rating=6)
    assert not Response.objects.exists()


def test_the_same_form_twice_is_one_response(singburi):
    survey = make_survey(singburi)
    token = uuid.uuid4()
    rating = questions(survey)["rating"].pk
    first, created = services.response_submit(survey=survey, answers={rating: 3}, group=None, token=token, device="a")
    again, created_again = services.response_submit(
        survey=survey, answers={rating: 3}, group=None, token=token, device="a"
    )
    assert created and not created_again and first.pk == again.pk
    assert Response.objects.count() == 1


def test_a_second_answer_from_one_device_is_kept_and_marked(singburi):
    survey = make_survey(singburi)
    first = answer(survey, device="shared-tablet")
    second = answer(survey, device="shared-tablet")
    other = answer(survey, device="another-phone")
    assert (first.is_repeat, second.is_repeat, other.is_repeat) == (False, True, False)
    # The device's token itself is never stored.
    assert not Response.objects.filter(device="shared-tablet").exists()


@pytest.mark.parametrize("state", ["draft", "closed", "published", "not_yet_open", "past_closing"])
def test_answers_are_refused_unless_the_survey_takes_them(singburi, state):
    survey = make_survey(singburi, opened=state != "draft")
    if state in {"closed", "published"}:
        survey = services.survey_close(survey=survey, actor=None)
    if state == "published":
        survey = services.survey_publish_results(survey=survey, actor=None)
    if state == "not_yet_open":
        Survey.objects.filter(pk=survey.pk).update(opens_at=later(2))
    if state == "past_closing":
        Survey.objects.filter(pk=survey.pk).update(opens_at=later(-3), closes_at=later(-1))
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        answer(survey)
    assert error.value.code == "closed"
    assert not Response.objects.exists()


def test_the_satisfaction_template(singburi, staff_singburi):
    survey = services.survey_create_satisfaction(office=singburi, actor=staff_singburi, fiscal_year=2569)
    assert survey.status == Survey.Status.DRAFT and survey.is_satisfaction
    assert "2569" in survey.title
    ratings = list(survey.questions.filter(kind=Question.Kind.RATING))
    assert len(ratings) >= 5
    # Every point of every scale has its meaning.
    assert all(len(question.choices) == 5 and all(question.choices) for question in ratings)
    assert survey.questions.filter(kind=Question.Kind.LONG_TEXT).exists()
    assert survey.sections.count() == 5
    assert set(survey.target_groups.all()) == set(singburi.stakeholder_groups.all())
    assert services.survey_open(survey=survey, actor=staff_singburi).is_accepting()


def test_a_copy_is_a_new_draft_with_the_same_questions(singburi, staff_singburi):
    survey = make_survey(singburi, staff_singburi)
    answer(survey)
    copy = services.survey_copy(survey=survey, actor=staff_singburi)
    assert copy.status == Survey.Status.DRAFT and copy.pk != survey.pk
    assert [(q.kind, q.text, q.choices) for q in copy.questions.order_by("position")] == [
        (q.kind, q.text, q.choices) for q in survey.questions.order_by("position")
    ]
    assert not copy.responses.exists()


def test_a_survey_closes_after_it_opens(singburi):
    survey = make_survey(singburi, opened=False)
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, actor=None, data={"opens_at": later(2), "closes_at": later(1)})


def test_stakeholder_groups_of_the_office(singburi):
    group = StakeholderGroupFactory(office=singburi)
    assert answer(make_survey(singburi), group=group).group == group
