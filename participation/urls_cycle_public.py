"""Public addresses of the yearly cycle; included in the `participation` namespace."""

from django.urls import path

from participation.views import cycle_public

plan = "<office:office>/plans/<int:year>/"

cycle_public_patterns = [
    path("<office:office>/plans/", cycle_public.PlanListView.as_view(), name="plans"),
    path(plan, cycle_public.PlanDetailView.as_view(), name="plan"),
    path(f"{plan}summary/", cycle_public.PlanSummaryView.as_view(), name="plan_summary"),
    path(f"{plan}ita/", cycle_public.PlanItaView.as_view(), name="plan_ita"),
]
