"""State changes of surveys: build (sections, questions), open, close, publish the results, and
take answers from the public. Questions lock once answers arrive, so old answers stay readable."""

import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from participation.models import AuditEvent, Office, StakeholderGroup
from participation.surveys.library import satisfaction_template
from participation.surveys.models import Answer, Question, Response, Section, Survey

SURVEY_FIELDS = [
    "title",
    "description",
    "opens_at",
    "closes_at",
    "is_satisfaction",
    "participation_level",
    "principles",
]
SECTION_FIELDS = ["title", "description", "position"]
QUESTION_FIELDS = ["kind", "text", "help_text", "required", "choices", "position"]


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("office").get(pk=survey.pk)


def _office_groups(office: Office, groups) -> list[StakeholderGroup]:
    ids = {group.pk for group in groups}
    return list(StakeholderGroup.objects.for_office(office).filter(pk__in=ids))


def _refuse_when_answered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(
            _(
                "Answers have arrived, so the questions are locked: the answers must stay readable against "
                "the questions they answered. Copy the survey to ask different questions."
            ),
            code="locked",
        )


def _refuse_when_ended(survey: Survey) -> None:
    if survey.status in {Survey.Status.CLOSED, Survey.Status.PUBLISHED}:
        raise ValidationError(_("A closed survey can no longer be changed."), code="closed")


@transaction.atomic
def survey_create(*, office: Office, actor: User | None, data: dict, target_groups=()) -> Survey:
    """A new draft survey with one section to put questions in."""
    survey = Survey(office=office, created_by=actor, updated_by=actor)
    for field in SURVEY_FIELDS:
        if field in data:
            setattr(survey, field, data[field])
    survey.full_clean()
    survey.save()
    survey.target_groups.set(_office_groups(office, target_groups))
    Section.objects.create(survey=survey, title=_("Questions"), position=1)
    AuditEvent.record(actor=actor, action="survey.created", target=survey)
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, actor: User | None, data: dict, target_groups=None) -> Survey:
    """Change what the survey says and when it runs; a closed one stays as it was."""
    survey = _locked(survey)
    _refuse_when_ended(survey)
    changed = [field for field in SURVEY_FIELDS if field in data and getattr(survey, field) != data[field]]
    for field in changed:
        setattr(survey, field, data[field])
    if survey.status == Survey.Status.OPEN and survey.opens_at is None:
        raise ValidationError({"opens_at": _("An open survey needs its opening time.")}, code="no_opening")
    survey.full_clean()
    survey.updated_by = actor
    survey.save(update_fields=[*changed, "updated_by", "updated_at"])
    if target_groups is not None:
        survey.target_groups.set(_office_groups(survey.office, target_groups))
    AuditEvent.record(actor=actor, action="survey.changed", target=survey, fields=changed)
    return survey


@transaction.atomic
def section_save(*, survey: Survey, actor: User | None, section: Section | None, data: dict) -> Section:
    """Add a section to a survey, or change one, while no answers have arrived."""
    survey = _locked(survey)
    _refuse_when_ended(survey)
    _refuse_when_answered(survey)
    if section is None:
        section = Section(survey=survey, position=survey.sections.count() + 1)
        verb = "survey.section_added"
    else:
        section = Section.objects.select_for_update().get(pk=section.pk, survey=survey)
        verb = "survey.section_changed"
    for field in SECTION_FIELDS:
        if field in data and data[field] is not None:
            setattr(section, field, data[field])
    section.full_clean()
    section.save()
    AuditEvent.record(actor=actor, action=verb, target=survey, section=section.pk)
    return section


@transaction.atomic
def question_save(
    *, survey: Survey, actor: User | None, question: Question | None, section: Section, data: dict
) -> Question:
    """Add a question to a section of the survey, or change one, while no answers have arrived."""
    survey = _locked(survey)
    _refuse_when_ended(survey)
    _refuse_when_answered(survey)
    if section.survey_id != survey.pk:
        raise ValidationError(_("That section is not one of this survey's."), code="foreign_section")
    if question is None:
        question = Question(survey=survey, position=survey.questions.count() + 1)
        verb = "survey.question_added"
    else:
        question = Question.objects.select_for_update().get(pk=question.pk, survey=survey)
        verb = "survey.question_changed"
    question.section = section
    for field in QUESTION_FIELDS:
        if field in data and data[field] is not None:
            setattr(question, field, data[field])
    question.choices = [str(choice).strip() for choice in question.choices]
    question.full_clean()
    question.save()
    AuditEvent.record(actor=actor, action=verb, target=survey, question=question.pk)
    return question


@transaction.atomic
def question_remove(*, question: Question, actor: User | None) -> None:
    survey = _locked(question.survey)
    _refuse_when_ended(survey)
    _refuse_when_answered(survey)
    AuditEvent.record(actor=actor, action="survey.question_removed", target=survey, question=question.text[:200])
    question.delete()


@transaction.atomic
def survey_open(*, survey: Survey, actor: User | None) -> Survey:
    """Put a draft before the public: from its opening time (now when none is set) answers are taken."""
    survey = _locked(survey)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(_("Only a draft survey can be opened."), code="not_draft")
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."), code="no_questions")
    now = timezone.now()
    if survey.closes_at is not None and survey.closes_at <= now:
        raise ValidationError(_("Its closing time has passed: set a later one first."), code="closes_in_past")
    survey.opens_at = survey.opens_at or now
    survey.status = Survey.Status.OPEN
    survey.updated_by = actor
    survey.full_clean()
    survey.save(update_fields=["opens_at", "status", "updated_by", "updated_at"])
    AuditEvent.record(actor=actor, action="survey.opened", target=survey)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor: User | None) -> Survey:
    """Take no more answers (also before its closing time)."""
    survey = _locked(survey)
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("Only an open survey can be closed."), code="not_open")
    now = timezone.now()
    survey.status, survey.closed_at = Survey.Status.CLOSED, now
    fields = ["status", "closed_at", "updated_by", "updated_at"]
    # It closes now, unless it never opened (its opening time still to come): then it simply never opens.
    if (survey.closes_at is None or survey.closes_at > now) and survey.opens_at is not None and survey.opens_at < now:
        survey.closes_at = now
        fields.append("closes_at")
    survey.updated_by = actor
    survey.save(update_fields=fields)
    AuditEvent.record(actor=actor, action="survey.closed", target=survey)
    return survey


@transaction.atomic
def survey_publish_results(*, survey: Survey, actor: User | None, summary: str = "") -> Survey:
    """Make the results public, with what the office learned; the survey must have ended."""
    survey = _locked(survey)
    if survey.status == Survey.Status.PUBLISHED:
        raise ValidationError(_("The results are published already."), code="published")
    if not survey.has_ended:
        raise ValidationError(_("Close the survey before publishing its results."), code="still_open")
    now = timezone.now()
    survey.status, survey.results_published_at, survey.results_summary = Survey.Status.PUBLISHED, now, summary.strip()
    survey.closed_at = survey.closed_at or survey.closes_at or now
    survey.updated_by = actor
    survey.save(
        update_fields=["status", "results_published_at", "results_summary", "closed_at", "updated_by", "updated_at"]
    )
    AuditEvent.record(actor=actor, action="survey.results_published", target=survey)
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, actor: User | None) -> Survey:
    """A new draft with the same sections and questions, to ask again or differently."""
    copy = survey_create(
        office=survey.office,
        actor=actor,
        data={
            "title": _("Copy of %(title)s") % {"title": survey.title},
            "description": survey.description,
            "is_satisfaction": survey.is_satisfaction,
            "participation_level": survey.participation_level,
            "principles": list(survey.principles),
        },
        target_groups=list(survey.target_groups.all()),
    )
    copy.sections.all().delete()
    _copy_structure(copy, survey)
    AuditEvent.record(actor=actor, action="survey.copied", target=copy, source=survey.pk)
    return copy


def _copy_structure(copy: Survey, survey: Survey) -> None:
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            survey=copy, title=section.title, description=section.description, position=section.position
        )
    for question in survey.questions.all():
        Question.objects.create(
            survey=copy,
            section=sections[question.section_id],
            kind=question.kind,
            text=question.text,
            help_text=question.help_text,
            required=question.required,
            choices=list(question.choices),
            position=question.position,
        )


@transaction.atomic
def survey_create_satisfaction(*, office: Office, actor: User | None, fiscal_year: int) -> Survey:
    """The yearly service-satisfaction survey, from the ready template, as a draft to adjust."""
    template = satisfaction_template(fiscal_year)
    groups = StakeholderGroup.objects.for_office(office)
    survey = survey_create(office=office, actor=actor, data=template["survey"], target_groups=list(groups))
    survey.sections.all().delete()
    for position, part in enumerate(template["sections"], start=1):
        section = Section.objects.create(
            survey=survey, title=part["title"], description=part.get("description", ""), position=position
        )
        for number, item in enumerate(part["questions"], start=1):
            question = Question(survey=survey, section=section, position=position * 100 + number, **item)
            question.full_clean()
            question.save()
    AuditEvent.record(actor=actor, action="survey.from_template", target=survey, template="satisfaction")
    return survey


def device_fingerprint(token: str) -> str:
    """What is kept of a device's token: a keyed hash, so the cookie cannot be read back from the data."""
    return salted_hmac("participation.surveys.device", token).hexdigest()


@transaction.atomic
def response_submit(
    *, survey: Survey, answers: dict[int, object], group: StakeholderGroup | None, token: uuid.UUID, device: str
) -> tuple[Response, bool]:
    """Keep one person's answers. `answers` maps question ids to a point or choice number, a list of
    choice numbers, or text; questions not answered are left out. Returns (response, created): a
    second submission of the same form gives the first back."""
    if not survey.is_accepting():
        raise ValidationError(_("This survey is not taking answers."), code="closed")
    existing = Response.objects.filter(survey=survey, token=token).first()
    if existing is not None:
        return existing, False
    if group is not None and group.office_id != survey.office_id:
        group = None
    fingerprint = device_fingerprint(device)
    response = Response(
        survey=survey,
        group=group,
        device=fingerprint,
        token=token,
        is_repeat=Response.objects.filter(survey=survey, device=fingerprint).exists(),
    )
    questions = {question.pk: question for question in survey.questions.all()}
    rows = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None or value in (None, "", []):
            continue
        if question.is_text:
            rows.append(Answer(question=question, text=str(value)))
            continue
        numbers = value if isinstance(value, list | tuple) else [value]
        for number in numbers:
            if not 1 <= int(number) <= len(question.choices):
                raise ValidationError(_("An answer is not one of the question's choices."), code="bad_choice")
            rows.append(Answer(question=question, number=int(number)))
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # The same form sent twice at the same moment: the other request kept it.
        return Response.objects.get(survey=survey, token=token), False
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response, True
