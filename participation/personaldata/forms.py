"""The forms of a personal-data request: who it is about, and what staff confirm to erase.

They are only ever posted: an e-mail address, a phone number or a name never goes into an address."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.personaldata.redaction import Person


class PersonForm(forms.Form):
    """Who the request is about: their e-mail address, their phone number, or both; a name finds more."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Also finds named attendees of meetings, who are kept by name only."),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if self.person().is_empty:
            raise ValidationError(_("Enter an e-mail address, a phone number or a name."), code="empty")
        return data

    def person(self) -> Person:
        data = getattr(self, "cleaned_data", {})
        return Person(
            email=(data.get("email") or "").strip(),
            phone=(data.get("phone") or "").strip(),
            name=" ".join((data.get("name") or "").split()),
        )


class ExportForm(PersonForm):
    format = forms.ChoiceField(choices=[("json", "JSON"), ("csv", "CSV")])


class EraseForm(PersonForm):
    """The search again (hidden), with the records and text changes staff keep ticked."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    records = forms.MultipleChoiceField(required=False, choices=[])
    redact = forms.MultipleChoiceField(required=False, choices=[])

    def __init__(self, *args, findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "phone", "name"):
            self.fields[name].widget = forms.HiddenInput()
        if findings is not None:
            self.set_choices(findings)

    def set_choices(self, findings, proposals=()) -> None:
        self.fields["records"].choices = [(record.key, record.key) for record in findings.records]
        self.fields["redact"].choices = [(proposal.key, proposal.key) for proposal in proposals]
