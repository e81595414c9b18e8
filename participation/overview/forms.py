"""The overview's GET filters: fiscal year, province, region, kind of office, what to roll up by,
and the order. A value that is not one of the choices is ignored, never an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.fiscal import current_fiscal_year
from participation.forms import PlainSelect
from participation.models import Office

YEARS_SHOWN = 5

BY_CHOICES = [
    ("office", _("Office")),
    ("province", _("Province")),
    ("region", _("Region")),
    ("parent", _("Supervising office")),
]
SORT_CHOICES = [
    ("name", pgettext_lazy("sort by", "Name")),
    ("steps", _("Steps done")),
    ("coverage", _("Coverage")),
    ("people", _("People who took part")),
    ("feedback", _("Feedback received")),
    ("in_time", _("Answered in time")),
    ("median_days", _("Days to answer")),
    ("rating", _("Satisfaction")),
    ("ita", _("ITA evidence")),
]


def year_choices() -> list[tuple[int, int]]:
    current = current_fiscal_year()
    return [(year, year) for year in range(current, current - YEARS_SHOWN, -1)]


class OverviewFilterForm(forms.Form):
    # Selects written in Python (PlainSelect): the provinces alone are 77 options.
    year = forms.TypedChoiceField(
        label=_("Fiscal year"), coerce=int, choices=year_choices, required=False, widget=PlainSelect
    )
    province = forms.ChoiceField(label=_("Province"), required=False, widget=PlainSelect)
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All"))] + Office.Region.choices, required=False, widget=PlainSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind of office"), choices=[("", _("All"))] + Office.Kind.choices, required=False, widget=PlainSelect
    )
    by = forms.ChoiceField(label=_("Show by"), choices=BY_CHOICES, required=False, widget=PlainSelect)
    sort = forms.ChoiceField(label=_("Order by"), choices=SORT_CHOICES, required=False, widget=PlainSelect)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All"))] + [(name, name) for name in provinces]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def value(self, name: str, default=None):
        """The field's valid value, or `default` when it was not given or not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or default
