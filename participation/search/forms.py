from django import forms
from django.utils.translation import gettext_lazy as _

from participation import searching
from participation.fiscal import current_fiscal_year
from participation.forms import PlainSelect

YEARS_BACK = 6


def year_choices():
    current = current_fiscal_year()
    return [("", _("Any fiscal year"))] + [(year, str(year)) for year in range(current + 1, current - YEARS_BACK, -1)]


class SearchForm(forms.Form):
    """What to look for and where; every field optional, nothing here is ever an error page."""

    q = forms.CharField(label=_("Search for"), required=False, strip=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=PlainSelect(attrs={"class": "form-select"}))
    province = forms.ChoiceField(
        label=_("Province"), required=False, widget=PlainSelect(attrs={"class": "form-select"})
    )
    year = forms.TypedChoiceField(
        label=_("Fiscal year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, staff: bool = False, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (registered.key, registered.label) for registered in searching.sources(staff=staff)
        ]
        self.fields["year"].choices = year_choices()
        if provinces:
            self.fields["province"].choices = [("", _("Any province"))] + [(name, name) for name in provinces]
        else:
            del self.fields["province"]

    def clean_q(self):
        return self.cleaned_data["q"] or ""

    @property
    def values(self) -> dict:
        """What was asked, the fields that could not be read left out (a stale link still searches)."""
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
