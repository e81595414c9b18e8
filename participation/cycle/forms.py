"""Forms of the cycle's workspace: they validate input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy

from participation.cycle.models import PlanStep, YearSummary
from participation.fields import SingleLineField
from participation.fiscal import current_fiscal_year
from participation.forms import HelpfulErrorsMixin
from participation.vocabularies import CycleStep


class PlanCreateForm(HelpfulErrorsMixin, forms.Form):
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = current_fiscal_year()
        self.fields["fiscal_year"].choices = [(y, y) for y in (year + 1, year, year - 1)]
        self.fields["fiscal_year"].initial = year


class StepForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ["description", "due_on", "responsible", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class LinkForm(HelpfulErrorsMixin, forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step"), choices=CycleStep.choices)
    title = SingleLineField(label=gettext_lazy("Title"), max_length=300)
    url = forms.URLField(label=gettext_lazy("Link"), assume_scheme="https")
    public = forms.BooleanField(label=gettext_lazy("Public"), required=False, initial=True)


class EvidenceSearchForm(forms.Form):
    """Find a record of the years around the plan's by its title, to attach it to a step."""

    q = forms.CharField(label=gettext_lazy("Title contains"), max_length=100, required=False)


class SummaryForm(HelpfulErrorsMixin, forms.ModelForm):
    class Meta:
        model = YearSummary
        fields = ["analysis", "lessons", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class ApproveForm(HelpfulErrorsMixin, forms.Form):
    name = SingleLineField(label=gettext_lazy("Approver's name"), max_length=200)
    position = SingleLineField(label=gettext_lazy("Approver's position"), max_length=300)


class ReturnForm(HelpfulErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should change"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
