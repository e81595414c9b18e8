"""Forms of the stakeholder network workspace: groups, members, the filters and the CSV import."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import model_to_dict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participation.forms import HelpfulErrorsMixin
from participation.models import StakeholderGroup
from participation.network.models import NetworkMember

GROUP_FIELDS = ["name", "name_en", "category", "description", "position"]
MEMBER_FIELDS = ["group", "name", "organisation", "role", "phone", "email", "note", "is_active"]


class StakeholderGroupForm(HelpfulErrorsMixin, forms.ModelForm):
    """A group's names and category; the office comes from the address, never from the form."""

    error_texts = {"name": _("Enter the name of the group")}

    class Meta:
        model = StakeholderGroup
        fields = GROUP_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name_en": _("Shown on the English pages. The CSV import finds a group by its Thai or English name."),
            "position": _("Groups are listed by this number, smallest first."),
        }


def _model_field(name: str, **kwargs) -> forms.Field:
    return NetworkMember._meta.get_field(name).formfield(**kwargs)


class NetworkMemberForm(HelpfulErrorsMixin, forms.Form):
    """A member's details.

    A plain form rather than a ModelForm: a ModelForm would check the
    constraint network_member_unique_in_group itself and answer a duplicate
    with Django's generic "Constraint … is violated"; the service checks it and
    names the member who is already there.
    """

    error_texts = {
        "group": _("Choose the member's stakeholder group"),
        "name": _("Enter the member's name"),
    }

    group = forms.ModelChoiceField(label=_("Stakeholder group"), queryset=StakeholderGroup.objects.none())
    name = _model_field("name")
    organisation = _model_field("organisation")
    role = _model_field("role")
    phone = _model_field("phone", widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = _model_field("email")
    note = _model_field("note", widget=forms.Textarea(attrs={"rows": 3}))
    is_active = _model_field(
        "is_active", help_text=_("Untick when the person has left the network; they stay on record as inactive.")
    )

    def __init__(self, *args, office, instance: NetworkMember | None = None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**model_to_dict(instance, fields=MEMBER_FIELDS), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(office)


class NetworkFilterForm(forms.Form):
    """Filters of the members list; invalid values are ignored."""

    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StakeholderGroup.objects.none(), required=False, empty_label=_("All groups")
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and inactive")), ("active", _("Active")), ("inactive", _("Inactive"))],
    )
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100, widget=forms.SearchInput)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.for_office(office)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def filter(self, queryset):
        """The queryset narrowed by the valid filters (an invalid one, such as a stale group, is ignored)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("group"):
            queryset = queryset.filter(group=data["group"])
        if data.get("state") == "active":
            queryset = queryset.filter(is_active=True)
        elif data.get("state") == "inactive":
            queryset = queryset.filter(is_active=False)
        if data.get("q"):
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(organisation__icontains=data["q"]))
        return queryset


class NetworkImportForm(HelpfulErrorsMixin, forms.Form):
    """The uploaded file, size-checked; `cleaned_data["file"]` is its bytes, `filename` its name."""

    error_texts = {"file": _("Choose a CSV file to import")}

    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s.") % {
            "size": filesizeformat(settings.NETWORK_IMPORT_MAX_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.NETWORK_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; it may be at most %(limit)s. Split it into several files."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        self.filename = upload.name or ""
        upload.seek(0)
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s."), code="too_large", params={"limit": filesizeformat(limit)}
            )
        return data
