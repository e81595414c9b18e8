from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.fields import MultipleFileField, PrinciplesField, StakeholderGroupsField
from participation.fiscal import current_fiscal_year
from participation.forms import EMAIL_FORMAT, HelpfulErrorsMixin, PlainSelect
from participation.meetings.models import FollowUpAction, Meeting, Registration
from participation.models import StakeholderGroup
from participation.uploads import check_upload

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def check_files(files, *, max_bytes: int, limit: int, existing: int = 0) -> list:
    """Check each upload by content; all the problems at once, and nothing kept when any fails."""
    if existing + len(files) > limit:
        raise ValidationError(
            _("At most %(limit)d files: there are %(existing)d already and you chose %(chosen)d."),
            code="too_many_files",
            params={"limit": limit, "existing": existing, "chosen": len(files)},
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload, max_bytes=max_bytes))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        errors.append(_("No file was kept: choose the files again after fixing these."))
        raise ValidationError(errors)
    return checked


class MeetingForm(HelpfulErrorsMixin, forms.ModelForm):
    """What staff know of a meeting; its status changes only through the held and cancel actions."""

    error_texts = {
        "title": _("Enter the title of the meeting"),
        "kind": _("Choose what kind of meeting it is"),
        "starts_at": {"required": _("Enter when the meeting starts"), "invalid": _("Enter a real date and time")},
    }

    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("A meeting may last several days."),
    )
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    objectives_text = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One objective per line, in order."),
    )
    principles = PrinciplesField()
    invited_groups = StakeholderGroupsField(
        label=_("Invited stakeholder groups"),
        help_text=_("Numbers invited and attended are recorded on the attendance page."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "chair_name",
            "chair_position",
            "agenda",
            "participation_level",
            "is_public",
            "registration_open",
            "capacity",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "agenda": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["invited_groups"].queryset = StakeholderGroup.objects.for_office(office)
        if self.instance.pk:
            self.fields["objectives_text"].initial = "\n".join(self.instance.objectives)
            self.fields["principles"].initial = self.instance.principles
            self.fields["invited_groups"].initial = [row.group_id for row in self.instance.attendance.all()]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            registered = self.instance.registrations.count()
            if capacity < registered:
                self.add_error(
                    "capacity",
                    _("%(count)d people have registered already; the capacity cannot be lower.")
                    % {"count": registered},
                )
        return cleaned

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["objectives"] = [
            line.strip() for line in self.cleaned_data["objectives_text"].splitlines() if line.strip()
        ]
        data["principles"] = list(self.cleaned_data["principles"])
        return data


class AttendanceForm(HelpfulErrorsMixin, forms.Form):
    """One row of the attendance grid: a group's invited and attended numbers."""

    invited = forms.IntegerField(label=_("Invited"), min_value=0, max_value=100_000)
    attended = forms.IntegerField(label=_("Attended"), min_value=0, max_value=100_000, required=False)


class HeldForm(HelpfulErrorsMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What was presented and discussed. Markdown works: blank lines between paragraphs, lists with “-”."
        ),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was decided or learned; the public sees this."),
    )


class CancelForm(HelpfulErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the meeting's page and e-mailed to the people who registered."),
    )


class FilesForm(HelpfulErrorsMixin, forms.Form):
    files = MultipleFileField(
        label=_("Photos and documents"),
        help_text=_("Photos are re-encoded and their location and camera data removed. PDF and office files too."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_files(self):
        return check_files(
            self.cleaned_data.get("files") or [],
            max_bytes=settings.MEETING_FILE_MAX_BYTES,
            limit=settings.MEETING_FILES_MAX,
            existing=self.meeting.files.count(),
        )


class FollowUpForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on", "status", "result"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class AttendeesForm(HelpfulErrorsMixin, forms.Form):
    """Named attendees typed back from the paper sign-in sheet, one text box per group."""

    def __init__(self, *args, groups, initial_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        for group in self.groups:
            self.fields[f"group_{group.pk}"] = forms.CharField(
                label=group.display_name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(initial_text or {}).get(group.pk, ""),
                help_text=_("One person per line: name, then a comma and the organisation if known."),
            )

    def names_by_group(self) -> dict:
        result = {}
        for group in self.groups:
            people = []
            for line in self.cleaned_data.get(f"group_{group.pk}", "").splitlines():
                if not line.strip():
                    continue
                name, _sep, organisation = line.partition(",")
                people.append((name.strip(), organisation.strip()))
            result[group] = people
        return result


class RegistrationForm(HelpfulErrorsMixin, forms.ModelForm):
    """The public registration form: a name and an e-mail for the confirmation."""

    error_texts = {
        "name": _("Enter your name"),
        "email": {"required": _("Enter your e-mail address, to receive the confirmation"), "invalid": EMAIL_FORMAT},
    }

    class Meta:
        model = Registration
        fields = ["name", "email", "phone", "organisation", "group"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(meeting.office)
        self.fields["group"].label = _("You come as")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def validate_unique(self):
        # The service checks duplicates under the meeting's lock.
        pass


class MeetingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_fiscal_year()
        self.fields["year"].choices = [("", _("All"))] + [(y, y) for y in range(current + 1, current - 10, -1)]
        self.fields["year"].widget.attrs["class"] = "form-select"


class ManageMeetingFilterForm(MeetingFilterForm):
    """The workspace list's filters: the public ones and the meetings still missing their attendance."""

    no_attendance = forms.BooleanField(label=_("Attendance not recorded"), required=False)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("", _("All")),
            ("unfinished", _("Not finished")),
            ("overdue", _("Overdue")),
            *FollowUpAction.Status.choices,
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"
