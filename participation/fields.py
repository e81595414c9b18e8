"""Form and model fields shared by every app, and single-line text.

Titles, names and subjects are text on one line: they end up in e-mail headers, calendar files,
feeds and page titles, where a line break is an error (an e-mail subject with one is refused by
Django, an iCalendar content line with one breaks the file). `single_line()` makes any text fit:
a line break or a tab becomes one space, and invisible control and format characters are dropped.
They are dropped rather than refused: nobody can see them to take them out, and they carry nothing
a reader would miss (they usually come from pasting out of a word processor or a PDF). The model
field applies it on every save, the form field when a form is cleaned, so forms, services, imports
and the admin all store clean text; output (calendars, e-mail) applies it again for rows saved
before.
"""

import re
import unicodedata

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.vocabularies import GovernancePrinciple

# Characters that end a line or jump across it: each run of them, with the spaces around it, becomes one space.
LINE_BREAKS = "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[ {LINE_BREAKS}]*[{LINE_BREAKS}][ {LINE_BREAKS}]*")
# Invisible characters that are kept: the zero-width space (a word-break hint in Thai text), and the
# zero-width non-joiner and joiner (they shape some scripts and join emoji sequences).
KEPT_FORMAT_CHARACTERS = frozenset("\u200b\u200c\u200d")
# Control (Cc), format (Cf, e.g. right-to-left overrides and the byte-order mark) and lone surrogates (Cs).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def single_line(value: str) -> str:
    """The text on one line: line breaks and tabs become one space, other control and format
    characters are dropped, and spaces at both ends are trimmed."""
    if value.isprintable():  # only printable characters and plain spaces: nothing to do but trim
        return value.strip()
    value = _BREAK_RUN.sub(" ", value)
    value = "".join(
        char
        for char in value
        if char in KEPT_FORMAT_CHARACTERS or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return value.strip()


class SingleLineField(forms.CharField):
    """A form field for one line of text (see `single_line`)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = single_line(value)
        return super().to_python(value)


class SingleLineCharField(models.CharField):
    """A model field for one line of text: a title, a name, a subject (see `single_line`).

    Cleaned when a model is validated (`full_clean`, ModelForms, the admin), on every save (`pre_save`,
    which `save()` and `bulk_create()` call, and which keeps the instance as stored) and in whatever
    a CharField writes through `get_prep_value` (a queryset's `update()`, `bulk_update()`), so services
    and imports store it clean too. Only raw SQL and expressions (`Value(...)`) pass it by.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if not isinstance(value, str):
            return value
        cleaned = single_line(value)
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineField, **kwargs})


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
        # Imported here: the models use this module's SingleLineCharField.
        from participation.models import StakeholderGroup

        kwargs.setdefault("required", False)
        super().__init__(queryset=StakeholderGroup.objects.none(), widget=forms.CheckboxSelectMultiple, **kwargs)
