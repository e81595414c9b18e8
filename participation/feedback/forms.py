import datetime
import re
import time
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from participation import freshness
from participation.feedback.models import RATINGS, Feedback
from participation.fields import MultipleFileField, SingleLineField
from participation.forms import STALE_FORM, HelpfulErrorsMixin, PlainSelect
from participation.models import OfficeMembership, StakeholderGroup
from participation.permissions import Ability, members_who_can
from participation.uploads import check_upload

FEEDBACK_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "webp"}
PHONE = re.compile(r"^[0-9+()\-\s.#]{6,30}$")
STARTED_SALT = "feedback-form-started"


def public_groups(office) -> list[StakeholderGroup]:
    """The office's stakeholder groups, for the public form: from the shared cache, under the office's
    versions (a saved or deleted group replaces them), so the form needs no query."""
    key, entry = freshness.find_page((freshness.office_scope(office.slug),), f"feedback-groups|{office.pk}")
    if entry is not None:
        return entry["groups"]
    groups = list(StakeholderGroup.objects.for_office(office).only("pk", "office_id", "name", "name_en"))
    if settings.PAGE_CACHE_SECONDS:
        freshness.keep_page(key, {"groups": groups}, settings.PAGE_CACHE_SECONDS)
    return groups


def clean_phone(value: str) -> str:
    value = value.strip()
    if value and not PHONE.match(value):
        raise ValidationError(_("Write the phone number with digits only, e.g. 081 234 5678."), code="phone")
    return value


class FeedbackForm(HelpfulErrorsMixin, forms.Form):
    """The public form: no account, contact details optional; checked for robots without a captcha."""

    error_texts = {
        "kind": _("Choose what kind of feedback it is"),
        "subject": _("Enter the subject of your feedback"),
        "message": _("Enter your message: what happened, what you suggest or what you ask"),
        "group": {"invalid_choice": _("Choose who you are from the list, or leave it empty")},
        "token": {"required": STALE_FORM, "invalid": STALE_FORM},
        "started": STALE_FORM,
    }

    kind = forms.ChoiceField(label=_("What kind of feedback is it?"), choices=Feedback.Kind.choices)
    subject = SingleLineField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Your message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What happened, what you suggest or ask. Up to 10,000 characters."),
    )
    # Choices from the shared cache (`public_groups`), not a queryset: the form is shown and checked
    # without the database, so a sender's text survives a database outage.
    group = forms.TypedChoiceField(label=_("You are (optional)"), coerce=int, required=False, empty_value=None)
    name = SingleLineField(label=_("Name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("To receive the receipt and the answer by e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    files = MultipleFileField(
        label=_("Pictures or PDF (optional)"),
        required=False,
    )
    topic_kind = forms.ChoiceField(choices=Feedback.Topic.choices, required=False, widget=forms.HiddenInput)
    topic_id = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    # People never see this field; robots that fill every field do.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.groups = {group.pk: group for group in public_groups(office)}
        self.fields["group"].choices = [("", "---------")] + [(pk, str(group)) for pk, group in self.groups.items()]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["files"].help_text = _("Up to %(count)d files of %(size)d MB each.") % {
            "count": settings.FEEDBACK_FILES_MAX,
            "size": settings.FEEDBACK_FILE_MAX_BYTES // (1024 * 1024),
        }
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("started", signing.dumps(time.time(), salt=STARTED_SALT))

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        if not subject:
            raise ValidationError(self.fields["subject"].error_messages["required"], code="required")
        return subject

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError(self.fields["message"].error_messages["required"], code="required")
        return message

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_group(self):
        """The chosen group as kept with the choices (unsaved, with its key and office)."""
        pk = self.cleaned_data["group"]
        return None if pk is None else self.groups[pk]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > settings.FEEDBACK_FILES_MAX:
            raise ValidationError(
                _("At most %(count)d files.") % {"count": settings.FEEDBACK_FILES_MAX}, code="too_many_files"
            )
        checked, errors = [], []
        for upload in files:
            try:
                item = check_upload(upload, max_bytes=settings.FEEDBACK_FILE_MAX_BYTES)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if item.file_type.extension not in FEEDBACK_EXTENSIONS:
                errors.append(
                    _("“%(name)s”: only pictures and PDF files can be sent here.") % {"name": item.original_name}
                )
                continue
            checked.append(item)
        if errors:
            raise ValidationError(errors)
        return checked

    def seconds_taken(self) -> float | None:
        """How long the form was open, from the signed time it was shown; None if the value was tampered with."""
        try:
            started = signing.loads(self.data.get("started", ""), salt=STARTED_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            return None
        return time.time() - float(started)

    def restart_clock(self):
        """A fresh signed start time for the form shown again (the text stays)."""
        data = self.data.copy()
        data["started"] = signing.dumps(time.time(), salt=STARTED_SALT)
        self.data = data

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class MisconductForm(FeedbackForm):
    """The separate channel for reports of corruption and misconduct: the same intake, one kind."""

    error_texts = {
        **FeedbackForm.error_texts,
        "subject": _("Enter the subject of your report"),
        "message": _("Enter your report: who did what, when and where, as far as you know"),
    }

    kind = forms.ChoiceField(
        choices=[(Feedback.Kind.MISCONDUCT.value, Feedback.Kind.MISCONDUCT.label)],
        initial=Feedback.Kind.MISCONDUCT.value,
        widget=forms.HiddenInput,
    )


class ProcedureForm(HelpfulErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Complaint-handling procedure"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Steps, the unit responsible and time limits, in Markdown. Leave it empty to publish the portal's "
            "default text."
        ),
    )


class StaffFeedbackForm(HelpfulErrorsMixin, forms.Form):
    """Feedback that came by phone, paper, walk-in or LINE, typed in by staff."""

    error_texts = {
        "channel": _("Choose how the feedback reached the office"),
        "received_on": {
            "required": _("Enter the date the office received it"),
            "invalid": _("Enter the date the office received it, like 2025-09-30"),
        },
        "kind": _("Choose what kind of feedback it is"),
        "subject": _("Enter the subject of the feedback"),
        "message": _("Enter what the sender said"),
    }

    channel = forms.ChoiceField(
        label=_("How it came"), choices=[c for c in Feedback.Channel.choices if c[0] != Feedback.Channel.WEB]
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Feedback.Kind.choices)
    subject = SingleLineField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))
    group = forms.ModelChoiceField(
        label=_("Sender's stakeholder group"), queryset=StakeholderGroup.objects.none(), required=False
    )
    name = SingleLineField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(office)

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_received_on(self):
        # Not in the future, and not so far back that it changes a year already summed up.
        received = self.cleaned_data["received_on"]
        today = timezone.localdate()
        if received > today or received < today - datetime.timedelta(days=365):
            raise ValidationError(_("Give a date within the last twelve months."), code="date")
        return received


class AnswerForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"answer": _("Enter the answer to the sender")}

    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
    public = forms.BooleanField(
        label=_("Show this answer publicly (“you said, we did”), without the sender's details"),
        required=False,
        help_text=_(
            "The subject and your answer are shown, never the message or who sent it. Leave it unticked if the "
            "sender asked not to publish."
        ),
    )


class NoteForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"text": _("Enter the note")}

    text = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Only the office's people see notes."),
    )


class AssignForm(HelpfulErrorsMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        needed = Ability.HANDLE_MISCONDUCT if feedback.is_misconduct else Ability.ACT
        ids = [m.user_id for m in members_who_can(feedback.office, needed)]
        self.fields["assignee"].queryset = get_user_model().objects.filter(pk__in=ids).order_by("first_name")
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class RateForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"rating": _("Choose how satisfied you are with the answer")}

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the office's answer?"),
        # Words, not bare numbers, lowest first as the satisfaction surveys list them: nobody has to
        # guess which end of 1–5 is the good one. The stored value stays 1 to 5, 5 the most satisfied.
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TrackForm(HelpfulErrorsMixin, forms.Form):
    error_summary = True  # sent by GET, and its mistakes are the sender's to correct
    error_texts = {"code": _("Enter the tracking code from your receipt, like ABCD-EFGH-JKLM-NPQR")}

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The 16 letters and digits on your receipt, e.g. ABCD-EFGH-JKLM-NPQR."),
    )


class InboxFilterForm(forms.Form):
    # Selects written in Python (PlainSelect), like the rows of the inbox they filter.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("", _("Open and answered")),
            ("open", _("Waiting for an answer")),
            ("all", _("All")),
            *Feedback.Status.choices,
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Feedback.Kind.choices], widget=PlainSelect
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unassigned = forms.BooleanField(label=_("Not assigned"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs["class"] = "form-control"


class FeedbackSettingsForm(HelpfulErrorsMixin, forms.Form):
    """The director's settings of the office's feedback."""

    error_texts = {
        "feedback_answer_days": _("Enter the number of days to answer, from 1 to 90"),
        "feedback_retention_days": _("Enter the number of days to keep contact details, from 30 to 3650"),
    }

    feedback_answer_days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=90)
    feedback_notify_staff = forms.BooleanField(label=_("E-mail staff about new feedback"), required=False)
    feedback_retention_days = forms.IntegerField(
        label=_("Days to keep contact details after closing"), min_value=30, max_value=3650
    )
    misconduct_handlers = forms.ModelMultipleChoiceField(
        label=_("Staff who handle reports of misconduct"),
        queryset=OfficeMembership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Directors always see them; nobody else does unless named here."),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        memberships = OfficeMembership.objects.filter(office=office, role=OfficeMembership.Role.STAFF).select_related(
            "user"
        )
        self.fields["misconduct_handlers"].queryset = memberships
        self.fields["misconduct_handlers"].label_from_instance = lambda membership: (
            membership.user.get_full_name() or membership.user.get_username()
        )


class PersonForm(HelpfulErrorsMixin, forms.Form):
    """Who the request is about: their e-mail address, their phone number, or both."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not (data.get("email") or "").strip() and not (data.get("phone") or "").strip():
            raise ValidationError(_("Enter an e-mail address, a phone number or both."), code="empty")
        return data

    def query(self) -> str:
        """The search as a query string, to carry it to the export and erase links."""
        return urlencode({name: value for name, value in self.cleaned_data.items() if value})


class PersonConfirmForm(PersonForm):
    """The same search, carried in hidden fields from the confirmation to the erase."""

    email = forms.EmailField(required=False, widget=forms.HiddenInput)
    phone = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
