import time
import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.fields import PrinciplesField, StakeholderGroupsField
from participation.fiscal import current_fiscal_year
from participation.forms import EMAIL_FORMAT, STALE_FORM, HelpfulErrorsMixin
from participation.groups.models import AppointmentOrder, Award, GroupActivity, GroupMember, JoinRequest, WorkingGroup
from participation.models import StakeholderGroup

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STARTED_SALT = "group-join-started"


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GroupForm(HelpfulErrorsMixin, forms.ModelForm):
    """What staff know of a group; it closes only through the close action."""

    error_texts = {
        "name": _("Enter the name of the group"),
        "purpose": _("Enter what the group is for"),
    }

    practices_text = forms.CharField(
        label=_("Practices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The group's own practices or code: one per line, in order; they are numbered on the page."),
    )
    principles = PrinciplesField()
    stakeholder_groups = StakeholderGroupsField(label=_("Stakeholder groups it draws from"))

    class Meta:
        model = WorkingGroup
        fields = [
            "kind",
            "name",
            "purpose",
            "participation_level",
            "founded_on",
            "term_ends_on",
            "is_public",
            "join_open",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "founded_on": DATE_INPUT,
            "term_ends_on": DATE_INPUT,
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_groups"].queryset = StakeholderGroup.objects.for_office(office)
        if self.instance.pk:
            self.fields["practices_text"].initial = "\n".join(self.instance.practices)
            self.fields["principles"].initial = self.instance.principles
            self.fields["stakeholder_groups"].initial = [group.pk for group in self.instance.stakeholder_groups.all()]

    def clean(self):
        cleaned = super().clean()
        founded, ends = cleaned.get("founded_on"), cleaned.get("term_ends_on")
        if founded and ends and ends < founded:
            self.add_error("term_ends_on", _("The term cannot end before the group is founded."))
        return cleaned

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["practices"] = lines(self.cleaned_data["practices_text"])
        data["principles"] = list(self.cleaned_data["principles"])
        return data


class CloseForm(HelpfulErrorsMixin, forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Why the group closes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class MemberForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = [
            "name",
            "position",
            "origin",
            "stakeholder_group",
            "role",
            "term_starts_on",
            "term_ends_on",
            "left_on",
            "name_public",
            "email",
            "phone",
        ]
        widgets = {"term_starts_on": DATE_INPUT, "term_ends_on": DATE_INPUT, "left_on": DATE_INPUT}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.for_office(office)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("term_starts_on"), cleaned.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", _("The term cannot end before it starts."))
        return cleaned

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class JoinForm(HelpfulErrorsMixin, forms.ModelForm):
    """The public "join this group" form: checked for robots like the feedback form, without a captcha."""

    error_texts = {
        "name": _("Enter your name"),
        "motivation": _("Enter why you would like to join"),
        "email": {"required": _("Enter your e-mail address, so the office can answer you"), "invalid": EMAIL_FORMAT},
        "token": {"required": STALE_FORM, "invalid": STALE_FORM},
        "started": STALE_FORM,
    }

    token = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    # People never see this field; robots that fill every field do.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = JoinRequest
        fields = ["name", "organisation", "stakeholder_group", "email", "phone", "motivation", "name_public"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name_public": _("Leave it unticked and the public page shows your role only, never your name."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_group"].queryset = StakeholderGroup.objects.for_office(office)
        self.fields["stakeholder_group"].label = _("You are (optional)")
        self.fields["motivation"].max_length = 4000
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            self.initial.setdefault("started", signing.dumps(time.time(), salt=STARTED_SALT))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(_("Give an e-mail address or a phone number, so that the office can answer you."))
        return cleaned

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

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AcceptForm(HelpfulErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=GroupMember.Role.choices, initial=GroupMember.Role.MEMBER)


class DeclineForm(HelpfulErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept for the office)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OrderForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = AppointmentOrder
        fields = ["number", "subject", "body", "issued_on", "signer_name", "signer_position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "issued_on": DATE_INPUT}
        help_texts = {
            "number": _("e.g. 123/2568"),
            "body": _("Why the group is appointed and what it does; the members and their roles follow it."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)


class ActivityForm(HelpfulErrorsMixin, forms.ModelForm):
    meeting_id = forms.TypedChoiceField(
        label=_("One of the office's recorded meetings (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A linked meeting counts in the year's evidence with its attendance, and this record links to it."),
    )

    class Meta:
        model = GroupActivity
        fields = ["kind", "title", "held_on", "record", "participants", "is_public"]
        widgets = {"held_on": DATE_INPUT, "record": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, office, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(item.item_id, f"{item.date:%Y-%m-%d} {item.title}") for item in meetings]
        current = self.instance.meeting_id
        if current and current not in {item.item_id for item in meetings}:
            choices.append((current, str(_("Meeting no. %(id)d") % {"id": current})))
        self.fields["meeting_id"].choices = [("", "—"), *choices]
        self.fields["meeting_id"].initial = current

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["meeting_id"] = self.cleaned_data["meeting_id"]
        return data


class CriterionForm(HelpfulErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=10)


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=100, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2500, max_value=2700, required=False)

    def fiscal_year(self) -> int:
        return (self.is_valid() and self.cleaned_data["year"]) or current_fiscal_year()


class AwardForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = Award
        fields = ["member", "title", "citation", "fiscal_year", "awarded_on", "signer_name", "signer_position"]
        widgets = {"awarded_on": DATE_INPUT, "citation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, office, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = group.members.all()
        self.fields["fiscal_year"].initial = current_fiscal_year()

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "member"}
