"""Ready surveys staff start from: the yearly survey of service users' satisfaction, which the
integrity assessment (ITA) asks offices to report on."""

from django.utils.translation import gettext as _

from participation.surveys.models import Question
from participation.vocabularies import GovernancePrinciple, ParticipationLevel


def satisfaction_scale() -> list[str]:
    """Five points, each with its meaning, lowest first."""
    return [
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    ]


def _rating(text: str, help_text: str = "") -> dict:
    return {
        "kind": Question.Kind.RATING,
        "text": text,
        "help_text": help_text,
        "required": True,
        "choices": satisfaction_scale(),
    }


def satisfaction_template(fiscal_year: int) -> dict:
    """The survey, its sections and questions, in the active language."""
    return {
        "survey": {
            "title": _("Service users' satisfaction survey, fiscal year %(year)d") % {"year": fiscal_year},
            "description": _(
                "Tell us how well the office served you. The survey is anonymous: we do not ask your name, and "
                "the results are published on this site. They guide how we improve our services next year."
            ),
            "is_satisfaction": True,
            "participation_level": ParticipationLevel.CONSULT,
            "principles": [
                GovernancePrinciple.PARTICIPATION,
                GovernancePrinciple.EFFICIENCY,
                GovernancePrinciple.ACCOUNTABILITY,
            ],
        },
        "sections": [
            {
                "title": _("Your visit"),
                "questions": [
                    {
                        "kind": Question.Kind.SINGLE,
                        "text": _("How did you contact the office?"),
                        "required": True,
                        "choices": [_("At the office"), _("By phone"), _("Online"), _("Through a school")],
                    },
                    {
                        "kind": Question.Kind.MULTIPLE,
                        "text": _("Which services did you use?"),
                        "help_text": _("Tick all that apply."),
                        "choices": [
                            _("Personnel matters"),
                            _("Budget and payments"),
                            _("Admissions and schooling"),
                            _("Documents and certificates"),
                            _("Supervision and teaching support"),
                            _("Other"),
                        ],
                    },
                ],
            },
            {
                "title": _("The service process"),
                "questions": [
                    _rating(_("The steps of the service were clear and easy to follow.")),
                    _rating(_("The service took a reasonable time.")),
                ],
            },
            {
                "title": _("The staff"),
                "questions": [
                    _rating(_("Staff were polite and willing to help.")),
                    _rating(_("Staff gave correct and clear information.")),
                    _rating(_("Staff served everyone fairly, without asking for money or favours.")),
                ],
            },
            {
                "title": _("Facilities and information"),
                "questions": [
                    _rating(_("Signs, seating and the waiting area were adequate.")),
                    _rating(_("Information about the services was easy to find.")),
                ],
            },
            {
                "title": _("Overall"),
                "questions": [
                    _rating(_("Overall, how satisfied are you with the office's service?")),
                    {
                        "kind": Question.Kind.LONG_TEXT,
                        "text": _("What should the office improve?"),
                        "choices": [],
                    },
                ],
            },
        ],
    }
