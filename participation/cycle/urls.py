from django.urls import path

from participation.cycle.views import manage, public

app_name = "cycle"

plan = "<office:office>/plans/<int:year>/"
manage_plan = "manage/<office:office>/plans/<int:year>/"

urlpatterns = [
    # Public
    path("<office:office>/plans/", public.PlanListView.as_view(), name="plans"),
    path(plan, public.PlanDetailView.as_view(), name="plan"),
    path(f"{plan}summary/", public.PlanSummaryView.as_view(), name="summary"),
    path(f"{plan}ita/", public.PlanItaView.as_view(), name="ita"),
    path(f"{plan}oit/", public.PlanOitView.as_view(), name="oit"),
    path(f"{plan}steps/<str:step>/", public.StepEvidenceView.as_view(), name="step"),
    # Workspace
    path("manage/<office:office>/plans/", manage.PlansView.as_view(), name="manage_plans"),
    path("manage/<office:office>/approvals/", manage.ApprovalsView.as_view(), name="manage_approvals"),
    path(manage_plan, manage.PlanView.as_view(), name="manage_plan"),
    path(f"{manage_plan}steps/<str:step>/", manage.StepView.as_view(), name="manage_step"),
    path(f"{manage_plan}steps/<str:step>/evidence/", manage.StepEvidenceView.as_view(), name="manage_step_evidence"),
    path(f"{manage_plan}targets/", manage.TargetsView.as_view(), name="manage_targets"),
    path(f"{manage_plan}evidence/attach/", manage.EvidenceAttachView.as_view(), name="manage_evidence_attach"),
    path(f"{manage_plan}evidence/detach/", manage.EvidenceDetachView.as_view(), name="manage_evidence_detach"),
    path(f"{manage_plan}evidence/link/", manage.EvidenceLinkView.as_view(), name="manage_evidence_link"),
    path(f"{manage_plan}audit/", manage.AuditView.as_view(), name="manage_audit"),
    path(f"{manage_plan}summary/", manage.SummaryView.as_view(), name="manage_summary"),
    path(f"{manage_plan}summary/submit/", manage.SubmitView.as_view(), name="manage_summary_submit"),
    path(f"{manage_plan}summary/approve/", manage.ApproveView.as_view(), name="manage_summary_approve"),
    path(f"{manage_plan}summary/return/", manage.ReturnView.as_view(), name="manage_summary_return"),
    path(f"{manage_plan}summary/versions/", manage.VersionsView.as_view(), name="manage_summary_versions"),
]
