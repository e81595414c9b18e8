"""Vocabularies every activity in every app is tagged with.

The labels are English message ids; the Thai labels live in the Thai
message catalogue, so both languages come from one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipationLevel(models.TextChoices):
    """The IAP2 spectrum, as the Office of the Public Sector Development Commission uses it."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class GovernancePrinciple(models.TextChoices):
    """The six principles of good governance."""

    TRANSPARENCY = "transparency", _("Transparency")
    RULE_OF_LAW = "rule_of_law", _("Rule of law")
    VIRTUE = "virtue", _("Virtue")
    PARTICIPATION = "participation", _("Participation")
    ACCOUNTABILITY = "accountability", _("Accountability")
    EFFICIENCY = "efficiency", _("Efficiency")


class CycleStep(models.TextChoices):
    """The five steps of the yearly participation cycle, in order."""

    REVIEW = "review", _("Review")
    PUBLISH = "publish", _("Publish")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    SUMMARIZE = "summarize", _("Summarize")


CYCLE_STEP_DESCRIPTIONS = {
    CycleStep.REVIEW: _(
        "Look back at last year's results and recommendations against the office's mission, "
        "and name the groups of people the work concerns."
    ),
    CycleStep.PUBLISH: _(
        "Make projects, plans and activities known through many channels: print, notice "
        "boards, newsletters, the website and social media."
    ),
    CycleStep.CONSULT: _("Open channels to hear the views and facts of the people concerned before deciding."),
    CycleStep.INVOLVE: _(
        "Let people take part in planning, doing and following the work, and tell them clearly what came of it."
    ),
    CycleStep.SUMMARIZE: _(
        "Sum up the year, draw lessons and a plan for next year, and put it to the director for approval."
    ),
}
