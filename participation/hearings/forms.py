import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.fields import MultipleFileField, PrinciplesField, StakeholderGroupsField
from participation.forms import STALE_FORM, HelpfulErrorsMixin
from participation.hearings.models import MIN_OPEN_DAYS, Hearing, HearingSection, HearingTheme
from participation.models import StakeholderGroup
from participation.uploads import check_upload


class HearingFilterForm(forms.Form):
    """The workspace list's filter."""

    pending = forms.BooleanField(label=_("With comments awaiting moderation"), required=False)


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
STARTED_SALT = "hearing-comment-started"


class HearingForm(HelpfulErrorsMixin, forms.ModelForm):
    """What staff say of a hearing; its status changes only through open, close and the report.
    While the hearing is open, what people comment on (the draft, the questions, the opening) is shown
    but cannot change."""

    error_texts = {
        "title": _("Enter the title of the hearing"),
        "purpose": _("Enter what the hearing is for"),
        "draft": _("Enter the draft people will comment on"),
        "opens_at": {"required": _("Enter when the hearing opens"), "invalid": _("Enter a real date and time")},
        "closes_at": {"required": _("Enter when the hearing closes"), "invalid": _("Enter a real date and time")},
    }

    opens_at = forms.DateTimeField(label=_("Opens for comment"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("At least %(days)d days after the opening, as the law.go.th practice asks.")
        % {"days": MIN_OPEN_DAYS},
    )
    questions_text = forms.CharField(
        label=_("Questions to the public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line: what the office most wants to hear about."),
    )
    principles = PrinciplesField()
    channels = forms.MultipleChoiceField(
        label=_("Channels for comments"),
        choices=Hearing.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = StakeholderGroupsField(label=_("Target stakeholder groups"))

    class Meta:
        model = Hearing
        fields = [
            "title",
            "purpose",
            "draft",
            "participation_level",
            "opens_at",
            "closes_at",
            "short_window_reason",
            "moderation",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "draft": forms.Textarea(attrs={"rows": 16}),
            "short_window_reason": forms.Textarea(attrs={"rows": 2}),
            "moderation": forms.RadioSelect,
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = StakeholderGroup.objects.for_office(office)
        self.fields["channels"].initial = [Hearing.Channel.WEBSITE]
        if self.instance.pk:
            self.fields["questions_text"].initial = "\n".join(self.instance.questions)
            self.fields["principles"].initial = self.instance.principles
            self.fields["channels"].initial = self.instance.channels
            self.fields["target_groups"].initial = [group.pk for group in self.instance.target_groups.all()]
            if self.instance.status == Hearing.Status.OPEN:
                for name in ("draft", "questions_text", "opens_at"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("The hearing is open: this stays as people read it.")

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes:
            if closes <= opens:
                self.add_error("closes_at", _("The hearing must close after it opens."))
            elif (closes - opens).total_seconds() < MIN_OPEN_DAYS * 86400 and not cleaned.get(
                "short_window_reason", ""
            ).strip():
                self.add_error(
                    "short_window_reason",
                    _("The hearing is open for less than %(days)d days: say why the period is shorter.")
                    % {"days": MIN_OPEN_DAYS},
                )
        return cleaned

    def content(self) -> dict:
        """What the service is asked to save; fields shown but locked (disabled) are left out."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["questions"] = [line.strip() for line in self.cleaned_data["questions_text"].splitlines() if line.strip()]
        data["principles"] = list(self.cleaned_data["principles"])
        data["channels"] = list(self.cleaned_data["channels"])
        if self.fields["draft"].disabled:
            for name in ("draft", "questions", "opens_at"):
                data.pop(name)
        return data


class DocumentsForm(forms.Form):
    files = MultipleFileField(
        label=_("Documents of the draft"),
        help_text=_("PDF or office files: the full draft, annexes, maps. Checked by content."),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing = hearing

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if self.hearing.documents.count() + len(files) > settings.HEARING_FILES_MAX:
            raise ValidationError(
                _("A hearing may have at most %(limit)d documents.") % {"limit": settings.HEARING_FILES_MAX},
                code="too_many_files",
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload, max_bytes=settings.HEARING_FILE_MAX_BYTES))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class CommentForm(HelpfulErrorsMixin, forms.Form):
    """The public form: no account, every detail about the person optional; checked for robots
    without a captcha (a honeypot and the time taken), as feedback is."""

    error_texts = {
        "body": _("Enter your comment on the draft"),
        "section": {"invalid_choice": _("Choose a part of the draft from the list, or the whole draft")},
        "token": {"required": STALE_FORM, "invalid": STALE_FORM},
        "started": STALE_FORM,
    }

    section = SectionChoiceField(
        label=_("What are you commenting on?"),
        queryset=HearingSection.objects.none(),
        required=False,
        empty_label=_("The whole draft"),
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Up to 5,000 characters. Comments are published under the draft."),
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Published with your comment. Leave it empty to comment without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("Published with your comment."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    group = forms.ModelChoiceField(
        label=_("You are (optional)"), queryset=StakeholderGroup.objects.none(), required=False
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Never published. Used once, to send you the report, then deleted."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    # People never see this field; robots that fill every field do.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing = hearing
        self.fields["section"].queryset = hearing.sections.all()
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(hearing.office)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("started", signing.dumps(time.time(), salt=STARTED_SALT))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write your comment."), code="required")
        return body

    def seconds_taken(self) -> float | None:
        """How long the form was open, from the signed time it was shown; None if it was tampered with."""
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


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for not publishing"),
        max_length=300,
        required=False,
        help_text=_("E.g. insults, personal data of others, advertising. Kept for the record."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the comment is not published."))
        return cleaned


class CommentThemeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=HearingTheme.objects.none(), required=False, empty_label=_("No theme")
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = hearing.themes.all()


class ThemeForm(HelpfulErrorsMixin, forms.ModelForm):
    error_texts = {"title": _("Enter the theme's title")}

    class Meta:
        model = HearingTheme
        fields = ["title", "summary", "response"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "response": forms.Textarea(attrs={"rows": 4})}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Name the theme."), code="required")
        return title


class ReportForm(forms.Form):
    """The report's own text; a plain form, since the hearing's other rules are not the report's to check."""

    report_summary = forms.CharField(
        label=_("Summary of what was heard"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    changes_summary = forms.CharField(
        label=_("What changed in the draft"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    revised_draft = forms.CharField(
        label=_("The revised draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "The draft as the office changed it after the hearing (Markdown). Left as it is, the report says "
            "the draft did not change."
        ),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("report_summary", hearing.report_summary)
        self.initial.setdefault("changes_summary", hearing.changes_summary)
        self.initial.setdefault("revised_draft", hearing.revised_draft or hearing.draft)
