from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import StakeholderGroup
from participation.vocabularies import GovernancePrinciple


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the form's clean method."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PrinciplesField(forms.MultipleChoiceField):
    """The good-governance principles an activity serves, as checkboxes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Good-governance principles"))
        kwargs.setdefault("required", False)
        super().__init__(choices=GovernancePrinciple.choices, widget=forms.CheckboxSelectMultiple, **kwargs)


class StakeholderGroupsField(forms.ModelMultipleChoiceField):
    """Some of an office's stakeholder groups, as checkboxes; the form sets `queryset` to the office's groups."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=StakeholderGroup.objects.none(), widget=forms.CheckboxSelectMultiple, **kwargs)
