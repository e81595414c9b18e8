import time
import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from participation.fields import PrinciplesField, StakeholderGroupsField
from participation.forms import STALE_FORM, HelpfulErrorsMixin
from participation.models import StakeholderGroup
from participation.surveys.models import MAX_CHOICES, MAX_SCALE_POINTS, Question, Section, Survey


class SurveyFilterForm(forms.Form):
    """The workspace list's filter."""

    closing = forms.BooleanField(label=_("Closing within 7 days"), required=False)


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
STARTED_SALT = "survey-form-started"
TEXT_MAX = {Question.Kind.SHORT_TEXT: 300, Question.Kind.LONG_TEXT: 5_000}


class SurveyForm(HelpfulErrorsMixin, forms.ModelForm):
    """What staff set of a survey; its status changes only through open, close and publish."""

    error_texts = {"title": _("Enter the title of the survey")}

    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty to open it the moment you press “Open”."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty to close it by hand."),
    )
    principles = PrinciplesField()
    target_groups = StakeholderGroupsField(label=_("Target groups"))

    class Meta:
        model = Survey
        fields = ["title", "description", "opens_at", "closes_at", "is_satisfaction", "participation_level"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["target_groups"].queryset = StakeholderGroup.objects.for_office(office)
        if self.instance.pk:
            self.fields["principles"].initial = self.instance.principles
            self.fields["target_groups"].initial = [group.pk for group in self.instance.target_groups.all()]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, which reports them on the form.
        pass

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["principles"] = list(self.cleaned_data["principles"])
        return data


class SectionForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"title": _("Enter the heading of the section")}

    title = forms.CharField(label=_("Heading"), max_length=300)
    description = forms.CharField(
        label=_("Introduction (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, required=False)


class QuestionForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"text": _("Enter the question")}

    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=500, required=False)
    choices_text = forms.CharField(
        label=_("Choices, or the meaning of each point of the scale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line. For a rating scale, name every point from the lowest to the highest "
            "(e.g. Very dissatisfied … Very satisfied). Text questions have none."
        ),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, required=False)

    def __init__(self, *args, survey, question=None, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "section": question.section_id,
                    "kind": question.kind,
                    "text": question.text,
                    "help_text": question.help_text,
                    "choices_text": "\n".join(question.choices),
                    "required": question.required,
                    "position": question.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(survey=survey)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = [line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()]
        if kind == Question.Kind.RATING and not 2 <= len(choices) <= MAX_SCALE_POINTS:
            self.add_error(
                "choices_text",
                _("Name every point of the scale, one per line: between 2 and %(max)d.") % {"max": MAX_SCALE_POINTS},
            )
        elif kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and not 2 <= len(choices) <= MAX_CHOICES:
            self.add_error(
                "choices_text", _("Give between 2 and %(max)d choices, one per line.") % {"max": MAX_CHOICES}
            )
        elif kind in Question.TEXT_KINDS and choices:
            self.add_error("choices_text", _("A text question has no choices: leave this empty."))
        cleaned["choices"] = choices
        return cleaned

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ["kind", "text", "help_text", "required", "choices"]}
        if self.cleaned_data.get("position") is not None:
            data["position"] = self.cleaned_data["position"]
        return data


class PublishResultsForm(HelpfulErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("What the office learned and will do (optional)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown above the results."),
    )


class ResultsFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Stakeholder group"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(office)

    def group_id(self) -> int | None:
        if self.is_valid() and self.cleaned_data["group"] is not None:
            return self.cleaned_data["group"].pk
        return None


class AnswerForm(HelpfulErrorsMixin, forms.Form):
    """The public form of a survey: a field per question, the respondent's group (optional), and
    the checks of the feedback form against robots (a form token, a signed start time, a honeypot)."""

    error_texts = {
        "token": {"required": STALE_FORM, "invalid": STALE_FORM},
        "started": STALE_FORM,
    }

    group = forms.ModelChoiceField(
        label=_("You are (optional)"), queryset=StakeholderGroup.objects.none(), required=False
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    # People never see this field; robots that fill every field do.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, survey, questions, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        self.fields["group"].queryset = groups
        for question in questions:
            self.fields[self.field_name(question)] = self.make_field(question)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("started", signing.dumps(time.time(), salt=STARTED_SALT))

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    @classmethod
    def make_field(cls, question) -> forms.Field:
        common = {"label": question.text, "required": question.required, "help_text": question.help_text}
        if question.is_text:
            common["error_messages"] = {"required": _("Answer this question")}
        elif question.kind == Question.Kind.MULTIPLE:
            common["error_messages"] = {"required": _("Choose at least one answer to this question")}
        else:
            common["error_messages"] = {"required": _("Choose an answer to this question")}
        if question.is_text:
            attrs = {"class": "form-control"}
            if question.kind == Question.Kind.LONG_TEXT:
                widget = forms.Textarea(attrs={**attrs, "rows": 4})
            else:
                widget = forms.TextInput(attrs=attrs)
            return forms.CharField(max_length=TEXT_MAX[question.kind], widget=widget, **common)
        choices = [(str(number), label) for number, label in question.points]
        attrs = {"class": "form-check-input"}
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(attrs=attrs), **common
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect(attrs=attrs), **common)

    def sections(self) -> list[dict]:
        """The questions by section, each with its bound field and the ids of what describes it (its
        explanation, its error), in the survey's order. A text field names them itself; a choice
        names them on its fieldset, in the template."""
        sections, current = [], None
        for question in self.questions:
            if current is None or current["section"].pk != question.section_id:
                current = {"section": question.section, "items": []}
                sections.append(current)
            field = self[self.field_name(question)]
            described = [f"{field.auto_id}_help"] if question.help_text else []
            if field.errors:
                described.append(f"{field.auto_id}_error")
            if question.is_text:
                if field.errors:
                    field.field.widget.attrs["aria-invalid"] = "true"
                if described:
                    field.field.widget.attrs["aria-describedby"] = " ".join(described)
            current["items"].append({"question": question, "field": field, "described": " ".join(described)})
        return sections

    def answers(self) -> dict[int, object]:
        """Answers by question id: a number, a list of numbers, or text."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if question.is_text:
                result[question.pk] = (value or "").strip()
            elif question.kind == Question.Kind.MULTIPLE:
                result[question.pk] = [int(number) for number in value or []]
            else:
                result[question.pk] = int(value) if value else None
        return result

    def seconds_taken(self) -> float | None:
        """How long the form was open, from its signed start time; None if that was tampered with."""
        try:
            started = signing.loads(self.data.get("started", ""), salt=STARTED_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            return None
        return time.time() - float(started)

    def restart_clock(self):
        data = self.data.copy()
        data["started"] = signing.dumps(time.time(), salt=STARTED_SALT)
        self.data = data

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
