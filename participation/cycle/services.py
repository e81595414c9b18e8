"""The yearly cycle: open a plan, work its steps and evidence, write the summary, submit it,
and the director's decision. Approval locks the summary, publishes it and opens next year's
plan with it as step 1's input: the cycle closes."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import permissions
from participation.cycle.models import EvidenceLink, Plan, PlanStep, StakeholderTarget, SummaryVersion, YearSummary
from participation.cycle.stats import compile_figures
from participation.evidence import source as find_source
from participation.models import AuditEvent, Office
from participation.notices import Notice, NoticeKind, notify
from participation.permissions import Ability
from participation.vocabularies import CYCLE_STEP_DESCRIPTIONS, CycleStep

S = YearSummary.Status
TEXT_FIELDS = ["analysis", "lessons", "recommendations"]


def _require_decision_right(office: Office, user) -> None:
    if not permissions.can(user, office, Ability.DECIDE):
        raise ValidationError(_("Only the office's director can decide on the summary."), code="not_director")


@transaction.atomic
def plan_create(*, office: Office, fiscal_year: int, actor: User | None) -> Plan:
    """Open the plan of a fiscal year, with its five steps, and last year's approved summary as step 1's input."""
    previous = YearSummary.objects.for_office(office).approved().of_year(fiscal_year - 1).first()
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                office=office, fiscal_year=fiscal_year, previous_summary=previous, created_by=actor
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Fiscal year %(year)d already has a plan.") % {"year": fiscal_year}, code="exists"
        ) from error
    start, end = plan.date_range
    for position, step in enumerate(CycleStep, start=1):
        description = str(CYCLE_STEP_DESCRIPTIONS[step])
        if step == CycleStep.REVIEW and previous and previous.recommendations:
            description += "\n\n" + _("Last year's recommendations:") + "\n" + previous.recommendations
        PlanStep.objects.create(plan=plan, step=step, position=position, description=description, due_on=end)
    if previous is not None:
        # Carry over the groups targeted last year, so the analysis starts from what was learned.
        for target in previous.plan.targets.all():
            StakeholderTarget.objects.create(
                plan=plan, group=target.group, reason=target.reason, channels=target.channels
            )
    YearSummary.objects.create(plan=plan)
    AuditEvent.record(actor=actor, action="plan.created", target=plan, fiscal_year=fiscal_year)
    return plan


def _require_open(plan: Plan) -> None:
    """Once the summary is approved the year is closed: its steps, analysis and evidence stay as approved."""
    locked = YearSummary.objects.select_for_update().filter(plan=plan).values_list("status", flat=True).first()
    if locked == S.APPROVED:
        raise ValidationError(_("This year's summary is approved: the plan can no longer change."), code="closed")


def _check_step_and_source(step: str, source_key: str | None) -> None:
    if step not in CycleStep.values:
        raise ValidationError(_("Unknown step."), code="step")
    if source_key is not None:
        registered = find_source(source_key)
        if registered is None or registered.step != step:
            raise ValidationError(_("That kind of record is not evidence of this step."), code="source")


@transaction.atomic
def plan_step_update(*, step: PlanStep, actor: User | None, data: dict) -> PlanStep:
    _require_open(step.plan)
    step = PlanStep.objects.select_for_update().get(pk=step.pk)
    changed = [
        field for field in ["description", "due_on", "responsible", "status"] if getattr(step, field) != data[field]
    ]
    for field in changed:
        setattr(step, field, data[field])
    step.full_clean()
    step.save(update_fields=changed)
    if changed:
        AuditEvent.record(actor=actor, action="plan.step_changed", target=step.plan, step=step.step, fields=changed)
    return step


@transaction.atomic
def plan_targets_set(*, plan: Plan, actor: User | None, targets: list[tuple]) -> None:
    """Step 1's stakeholder analysis: (group, reason, channels) for each targeted group."""
    _require_open(plan)
    allowed = set(plan.office.stakeholder_groups.values_list("pk", flat=True))
    plan.targets.all().delete()
    for group, reason, channels in targets:
        if group.pk not in allowed:
            raise ValidationError(_("That stakeholder group is not one of this office's."), code="foreign_group")
        StakeholderTarget.objects.create(plan=plan, group=group, reason=reason, channels=channels)
    AuditEvent.record(actor=actor, action="plan.targets_set", target=plan, groups=[g.pk for g, _r, _c in targets])


@transaction.atomic
def evidence_attach(*, plan: Plan, actor: User | None, step: str, source: str, item_id: int) -> EvidenceLink:
    _require_open(plan)
    _check_step_and_source(step, source)
    registered = find_source(source)
    if registered is None or registered.find is None or not registered.find(plan.office, {item_id}):
        raise ValidationError(_("That record cannot be found in this office."), code="not_found")
    EvidenceLink.objects.filter(plan=plan, step=step, source=source, item_id=item_id).delete()
    link = EvidenceLink.objects.create(plan=plan, step=step, source=source, item_id=item_id, added_by=actor)
    AuditEvent.record(actor=actor, action="plan.evidence_attached", target=plan, step=step, source=source, item=item_id)
    return link


@transaction.atomic
def evidence_detach(
    *, plan: Plan, actor: User | None, step: str, source: str, item_id: int | None, link_id: int | None
) -> None:
    """Leave a record out of a step (it stays in the other app), or remove a link added by hand."""
    _require_open(plan)
    if link_id is None:
        _check_step_and_source(step, source)
    if link_id is not None:
        plan.evidence_links.filter(pk=link_id).delete()
    else:
        EvidenceLink.objects.filter(plan=plan, step=step, source=source, item_id=item_id).delete()
        EvidenceLink.objects.create(plan=plan, step=step, source=source, item_id=item_id, detached=True, added_by=actor)
    AuditEvent.record(actor=actor, action="plan.evidence_detached", target=plan, step=step, source=source, item=item_id)


@transaction.atomic
def evidence_add_link(*, plan: Plan, actor: User | None, step: str, title: str, url: str, public: bool) -> EvidenceLink:
    _require_open(plan)
    _check_step_and_source(step, None)
    link = EvidenceLink(plan=plan, step=step, title=title, url=url, is_public=public, added_by=actor)
    link.full_clean()
    link.save()
    AuditEvent.record(actor=actor, action="plan.evidence_linked", target=plan, step=step, url=url)
    return link


def _summary_url(summary: YearSummary) -> str:
    plan = summary.plan
    return reverse("cycle:manage_summary", kwargs={"office": plan.office.slug, "year": plan.fiscal_year})


def _tell_of_decision(summary: YearSummary, kind: NoticeKind, actor, comment: str = "") -> None:
    """The staff who submitted the version decided on, and the office's other staff, hear of the decision."""
    submitted_by = summary.versions.filter(number=summary.version).values_list("submitted_by_id", flat=True).first()
    notify(
        Notice(
            kind=kind,
            office_id=summary.plan.office_id,
            subject=str(summary.plan.fiscal_year),
            url=_summary_url(summary),
            actor_id=actor.pk if actor else None,
            user_ids=(submitted_by,) if submitted_by else (),
            ability=Ability.ACT,
            text=comment,
        )
    )


def _locked_summary(summary: YearSummary) -> YearSummary:
    return YearSummary.objects.select_for_update().select_related("plan__office").get(pk=summary.pk)


@transaction.atomic
def summary_save(*, summary: YearSummary, actor: User | None, data: dict) -> YearSummary:
    """Staff write the analysis, lessons and recommendations while the summary is a draft or returned."""
    summary = _locked_summary(summary)
    if not summary.is_editable:
        raise ValidationError(
            _("The summary is %(status)s and cannot be changed now.") % {"status": summary.get_status_display()},
            code="locked",
        )
    for field in TEXT_FIELDS:
        setattr(summary, field, data.get(field, "").strip())
    summary.save(update_fields=[*TEXT_FIELDS, "updated_at"])
    AuditEvent.record(actor=actor, action="summary.saved", target=summary.plan)
    return summary


@transaction.atomic
def summary_submit(*, summary: YearSummary, actor: User | None) -> SummaryVersion:
    """Put the summary to the director: its text and the figures compiled now are kept as a version."""
    summary = _locked_summary(summary)
    if not summary.is_editable:
        raise ValidationError(_("Only a draft or returned summary can be submitted."), code="not_editable")
    missing = [str(YearSummary._meta.get_field(f).verbose_name) for f in TEXT_FIELDS if not getattr(summary, f)]
    if missing:
        raise ValidationError(
            _("Write these before submitting: %(fields)s.") % {"fields": ", ".join(missing)}, code="incomplete"
        )
    summary.figures = compile_figures(summary.plan)
    summary.version += 1
    summary.status, summary.submitted_at = S.SUBMITTED, timezone.now()
    summary.save(update_fields=["figures", "version", "status", "submitted_at", "updated_at"])
    version = SummaryVersion.objects.create(
        summary=summary,
        number=summary.version,
        snapshot={**{field: getattr(summary, field) for field in TEXT_FIELDS}, "figures": summary.figures},
        submitted_by=actor,
    )
    AuditEvent.record(actor=actor, action="summary.submitted", target=summary.plan, version=summary.version)
    # The director is told at once (or as they chose), not left to find it in the approval queue.
    notify(
        Notice(
            kind=NoticeKind.SUMMARY_SUBMITTED,
            office_id=summary.plan.office_id,
            subject=str(summary.plan.fiscal_year),
            url=_summary_url(summary),
            actor_id=actor.pk if actor else None,
            ability=Ability.DECIDE,
            requires=Ability.DECIDE,
        )
    )
    return version


@transaction.atomic
def summary_return(*, summary: YearSummary, actor: User | None, comment: str) -> YearSummary:
    """The office's director sends the summary back to staff with comments."""
    summary = _locked_summary(summary)
    _require_decision_right(summary.plan.office, actor)
    if summary.status != S.SUBMITTED:
        raise ValidationError(_("Only a summary awaiting approval can be returned."), code="not_submitted")
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should change."), code="no_comment")
    summary.status, summary.return_comment = S.RETURNED, comment
    summary.save(update_fields=["status", "return_comment", "updated_at"])
    summary.versions.filter(number=summary.version).update(
        decision=SummaryVersion.Decision.RETURNED,
        decision_comment=comment,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    AuditEvent.record(actor=actor, action="summary.returned", target=summary.plan, comment=comment)
    _tell_of_decision(summary, NoticeKind.SUMMARY_RETURNED, actor, comment)
    return summary


@transaction.atomic
def summary_approve(*, summary: YearSummary, actor: User | None, name: str, position: str) -> YearSummary:
    """The office's director approves: the summary is locked and public, and next year's plan opens with it."""
    summary = _locked_summary(summary)
    _require_decision_right(summary.plan.office, actor)
    if summary.status != S.SUBMITTED:
        raise ValidationError(
            _("Only a summary awaiting approval can be approved; this one is %(status)s.")
            % {"status": summary.get_status_display()},
            code="not_submitted",
        )
    summary.status, summary.approved_by, summary.approved_at = S.APPROVED, actor, timezone.now()
    summary.approver_name = name.strip() or actor.get_full_name() or actor.get_username()
    summary.approver_position = position.strip()
    summary.save(
        update_fields=["status", "approved_by", "approved_at", "approver_name", "approver_position", "updated_at"]
    )
    summary.versions.filter(number=summary.version).update(
        decision=SummaryVersion.Decision.APPROVED, decided_by=actor, decided_at=summary.approved_at
    )
    AuditEvent.record(actor=actor, action="summary.approved", target=summary.plan, version=summary.version)
    _tell_of_decision(summary, NoticeKind.SUMMARY_APPROVED, actor)
    plan = summary.plan
    following = Plan.objects.select_for_update().filter(office=plan.office, fiscal_year=plan.fiscal_year + 1).first()
    if following is None:
        try:
            plan_create(office=plan.office, fiscal_year=plan.fiscal_year + 1, actor=actor)
            return summary
        except ValidationError:  # staff opened it at this very moment: link that one instead
            following = Plan.objects.select_for_update().get(office=plan.office, fiscal_year=plan.fiscal_year + 1)
    if following.previous_summary_id is None:
        _carry_over(summary, following)
    return summary


def _carry_over(summary: YearSummary, following: Plan) -> None:
    """Next year's plan, opened before this approval, still starts from it: recommendations and targets."""
    following.previous_summary = summary
    following.save(update_fields=["previous_summary", "updated_at"])
    if summary.recommendations:
        review = following.steps.filter(step=CycleStep.REVIEW).first()
        if review is not None:
            review.description += "\n\n" + _("Last year's recommendations:") + "\n" + summary.recommendations
            review.save(update_fields=["description"])
    if not following.targets.exists():
        for target in summary.plan.targets.all():
            StakeholderTarget.objects.create(
                plan=following, group=target.group, reason=target.reason, channels=target.channels
            )
