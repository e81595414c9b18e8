"""The demo survey: Loei ESA 1's yearly survey of its service users' satisfaction (its source document
names such a survey among the aims of its integrity meeting), open, with a few dozen answers."""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from participation.demo import sample_note
from participation.fiscal import current_fiscal_year
from participation.models import Office, StakeholderGroup
from participation.surveys import services
from participation.surveys.models import Question, Response, Survey
from participation.vocabularies import GovernancePrinciple as P

RESPONSES = 36
NOTE = sample_note("คำตอบทั้งหมดของแบบสำรวจนี้สุ่มขึ้นเพื่อสาธิต ไม่ใช่ความเห็นของผู้รับบริการจริง")
SUGGESTIONS = [
    "อยากให้มีป้ายบอกทางไปแต่ละกลุ่มงานที่ชัดเจนกว่านี้",
    "ควรเพิ่มช่องทางยื่นเอกสารทางออนไลน์ จะได้ไม่ต้องเดินทางมาที่สำนักงาน",
    "เจ้าหน้าที่กลุ่มบริหารงานบุคคลให้คำแนะนำดีมาก ขอบคุณครับ",
    "ที่จอดรถไม่เพียงพอในช่วงเช้า",
    "อยากให้แจ้งสถานะเรื่องที่ยื่นไว้ทางโทรศัพท์หรือข้อความ",
    "ห้องรับรองแอร์ไม่ค่อยเย็น",
]


@transaction.atomic
def seed_surveys() -> list[Survey]:
    """Loei's satisfaction survey of this fiscal year, from the ready template, with its answers.
    Running it again leaves the survey and its answers as they are."""
    office = Office.objects.get(slug="loei1")
    year = current_fiscal_year()
    existing = Survey.objects.for_office(office).filter(is_satisfaction=True, created_by__isnull=True).first()
    if existing is not None:
        if NOTE not in existing.description:
            Survey.objects.filter(pk=existing.pk).update(description=f"{existing.description}\n\n{NOTE}".strip())
        return [existing]
    with override("th"):
        survey = services.survey_create_satisfaction(office=office, actor=None, fiscal_year=year)
    now = timezone.now()
    opened = now - datetime.timedelta(days=40)
    survey = services.survey_update(
        survey=survey,
        actor=None,
        data={
            "opens_at": opened,
            "closes_at": now + datetime.timedelta(days=30),
            "principles": [P.PARTICIPATION, P.EFFICIENCY, P.TRANSPARENCY],
            "description": f"{survey.description}\n\n{NOTE}".strip(),
        },
    )
    survey = services.survey_open(survey=survey, actor=None)
    _answer(survey, opened, now)
    return [survey]


def _answer(survey: Survey, opened, now) -> None:
    """A few dozen answers, mostly satisfied, from the groups the office serves (the same every run)."""
    chance = random.Random(2569)
    groups = list(StakeholderGroup.objects.for_office(survey.office).order_by("position"))
    # Service users come most; the office's own personnel least.
    weights = [3, 1, 8, 4][: len(groups)]
    questions = list(survey.questions.order_by("section__position", "position"))
    for index in range(RESPONSES):
        group = chance.choices(groups, weights=weights)[0] if groups and chance.random() < 0.85 else None
        answers = {}
        for question in questions:
            if question.kind == Question.Kind.RATING:
                answers[question.pk] = chance.choices([1, 2, 3, 4, 5], weights=[1, 2, 8, 22, 19])[0]
            elif question.kind == Question.Kind.SINGLE:
                answers[question.pk] = chance.choices(range(1, len(question.choices) + 1), weights=[6, 2, 2, 3])[0]
            elif question.kind == Question.Kind.MULTIPLE:
                answers[question.pk] = sorted(chance.sample(range(1, len(question.choices) + 1), chance.randint(1, 2)))
            elif chance.random() < 0.25:
                answers[question.pk] = chance.choice(SUGGESTIONS)
        # Some people answer twice from one shared counter tablet: their repeats are marked for staff.
        device = "demo-counter-tablet" if index % 12 == 11 else f"demo-device-{index}"
        response, _created = services.response_submit(
            survey=survey, answers=answers, group=group, token=uuid.uuid4(), device=device
        )
        received = opened + (now - opened) * (index + 0.5) / RESPONSES
        Response.objects.filter(pk=response.pk).update(created_at=received)
