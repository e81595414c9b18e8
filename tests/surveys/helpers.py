"""Plain functions the survey tests share: a survey with one question of each kind, answers, form data."""

import datetime
import time
import uuid

from django.core import signing
from django.utils import timezone

from participation.surveys import services
from participation.surveys.forms import STARTED_SALT
from participation.surveys.models import Question, Survey

SCALE = ["ไม่พอใจมาก", "ไม่พอใจ", "เฉย ๆ", "พอใจ", "พอใจมาก"]


def make_survey(office, actor=None, *, title="แบบสำรวจความพึงพอใจ", opened=True, **data) -> Survey:
    """A survey with a rating, a single-choice, a multiple-choice and a text question; open unless told."""
    survey = services.survey_create(office=office, actor=actor, data={"title": title, **data})
    section = survey.sections.get()
    for kind, text, choices, required in [
        (Question.Kind.RATING, "พอใจการบริการโดยรวมเพียงใด", SCALE, True),
        (Question.Kind.SINGLE, "ติดต่อสำนักงานทางใด", ["ที่สำนักงาน", "โทรศัพท์", "ออนไลน์"], False),
        (Question.Kind.MULTIPLE, "ใช้บริการใดบ้าง", ["บุคลากร", "การเงิน", "เอกสาร"], False),
        (Question.Kind.LONG_TEXT, "ข้อเสนอแนะ", [], False),
    ]:
        services.question_save(
            survey=survey,
            actor=actor,
            question=None,
            section=section,
            data={"kind": kind, "text": text, "choices": choices, "required": required},
        )
    if opened:
        survey = services.survey_open(survey=survey, actor=actor)
    return survey


def questions(survey) -> dict[str, Question]:
    return {question.kind: question for question in survey.questions.all()}


def answer(survey, *, rating=4, single=1, multiple=(1, 2), text="", group=None, device=None):
    """One response through the service."""
    by_kind = questions(survey)
    answers = {
        by_kind["rating"].pk: rating,
        by_kind["single"].pk: single,
        by_kind["multiple"].pk: list(multiple),
        by_kind["long_text"].pk: text,
    }
    return services.response_submit(
        survey=survey, answers=answers, group=group, token=uuid.uuid4(), device=device or uuid.uuid4().hex
    )[0]


def fill(survey, n: int, groups=()):
    """n responses, ratings 1–5 in turn, spread over the groups."""
    for index in range(n):
        answer(
            survey,
            rating=index % 5 + 1,
            single=index % 3 + 1,
            multiple=[index % 3 + 1],
            text=f"ความเห็น {index}",
            group=groups[index % len(groups)] if groups else None,
        )


def close_and_publish(survey, actor=None, summary="") -> Survey:
    survey = services.survey_close(survey=survey, actor=actor)
    return services.survey_publish_results(survey=survey, actor=actor, summary=summary)


def form_data(survey, **answers_by_kind) -> dict:
    """What the public form posts, sent long enough after it was shown."""
    by_kind = questions(survey)
    data = {
        "token": str(uuid.uuid4()),
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "website": "",
    }
    for kind, value in answers_by_kind.items():
        data[f"q{by_kind[kind].pk}"] = value
    return data


def later(days=1):
    return timezone.now() + datetime.timedelta(days=days)
