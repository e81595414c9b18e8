"""State changes of working groups: found, change, close; members; join requests; appointment
orders; activities; evaluation; awards. A closed group takes no new input."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import evidence
from participation.groups.models import (
    AppointmentOrder,
    Award,
    Criterion,
    GroupActivity,
    GroupMember,
    JoinRequest,
    Score,
    WorkingGroup,
    ranked,
)
from participation.models import AuditEvent, Office, StakeholderGroup

GROUP_FIELDS = [
    "kind",
    "name",
    "purpose",
    "participation_level",
    "principles",
    "founded_on",
    "term_ends_on",
    "practices",
    "is_public",
    "join_open",
]
MEMBER_FIELDS = [
    "name",
    "position",
    "origin",
    "stakeholder_group",
    "role",
    "term_starts_on",
    "term_ends_on",
    "left_on",
    "name_public",
    "email",
    "phone",
]
ACTIVITY_FIELDS = ["kind", "title", "held_on", "record", "participants", "meeting_id", "is_public"]
ORDER_FIELDS = ["number", "subject", "body", "issued_on", "signer_name", "signer_position"]
AWARD_FIELDS = ["title", "citation", "fiscal_year", "awarded_on", "signer_name", "signer_position"]
JOIN_FIELDS = ["name", "email", "phone", "organisation", "stakeholder_group", "motivation", "name_public"]


def _locked(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update().select_related("office").get(pk=group.pk)


def _open(group: WorkingGroup) -> WorkingGroup:
    """The group, locked, refusing when it is closed."""
    group = _locked(group)
    if not group.is_active:
        raise ValidationError(_("This group is closed: it takes no new members, activities or orders."), code="closed")
    return group


def _office_groups(office: Office, groups) -> list[StakeholderGroup]:
    return list(StakeholderGroup.objects.for_office(office).filter(pk__in={group.pk for group in groups}))


def _check_stakeholder_group(office: Office, group: StakeholderGroup | None) -> None:
    if group is not None and group.office_id != office.pk:
        raise ValidationError({"stakeholder_group": _("Choose one of the office's stakeholder groups.")})


@transaction.atomic
def group_create(*, office: Office, actor: User | None, data: dict, stakeholder_groups=()) -> WorkingGroup:
    """Found a working group."""
    group = WorkingGroup(office=office, created_by=actor)
    for field in GROUP_FIELDS:
        if field in data:
            setattr(group, field, data[field])
    group.full_clean()
    group.save()
    group.stakeholder_groups.set(_office_groups(office, stakeholder_groups))
    AuditEvent.record(actor=actor, action="group.created", target=group)
    return group


@transaction.atomic
def group_update(*, group: WorkingGroup, actor: User | None, data: dict, stakeholder_groups=None) -> WorkingGroup:
    """Change what is known of an active group."""
    group = _open(group)
    changed = [field for field in GROUP_FIELDS if field in data and getattr(group, field) != data[field]]
    for field in changed:
        setattr(group, field, data[field])
    group.full_clean()
    group.save(update_fields=[*changed, "updated_at"])
    if stakeholder_groups is not None:
        group.stakeholder_groups.set(_office_groups(group.office, stakeholder_groups))
    AuditEvent.record(actor=actor, action="group.changed", target=group, fields=changed)
    return group


@transaction.atomic
def group_close(*, group: WorkingGroup, actor: User | None, closed_on: datetime.date, reason: str) -> WorkingGroup:
    """Close a group at the end of its work; it stays on the public page, marked closed."""
    group = _open(group)
    if closed_on < group.founded_on:
        raise ValidationError({"closed_on": _("A group cannot close before it was founded.")})
    group.status, group.closed_on, group.close_reason = WorkingGroup.Status.CLOSED, closed_on, reason
    group.join_open = False
    group.save(update_fields=["status", "closed_on", "close_reason", "join_open", "updated_at"])
    pending = list(group.join_requests.filter(status=JoinRequest.Status.PENDING))
    for request in pending:
        request.status, request.decided_by, request.decided_at = JoinRequest.Status.DECLINED, actor, timezone.now()
        request.decline_reason = _("The group closed.")
        request.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    AuditEvent.record(actor=actor, action="group.closed", target=group, declined_requests=len(pending))
    return group


@transaction.atomic
def member_save(*, group: WorkingGroup, actor: User | None, member: GroupMember | None, data: dict) -> GroupMember:
    """Add a member or change one; staff record consent to show the name (off unless given)."""
    group = _open(group)
    _check_stakeholder_group(group.office, data.get("stakeholder_group"))
    if member is None:
        member = GroupMember(group=group)
        changed = [field for field in MEMBER_FIELDS if field in data]
    else:
        member = GroupMember.objects.select_for_update().get(pk=member.pk, group=group)
        changed = [field for field in MEMBER_FIELDS if field in data and getattr(member, field) != data[field]]
    for field in changed:
        setattr(member, field, data[field])
    member.full_clean()
    if member.pk:
        member.save(update_fields=changed)
        action = "group.member_changed"
    else:
        member.save()
        action = "group.member_added"
    AuditEvent.record(actor=actor, action=action, target=member, office=group.office, group=group.pk, fields=changed)
    return member


class DuplicateRequest(ValidationError):
    """The same form was sent twice: the first request stands."""


@transaction.atomic
def join_request_submit(*, group: WorkingGroup, data: dict, token) -> tuple[JoinRequest, bool]:
    """Someone asks on the public page to join; (request, created). The form's token makes a second click harmless."""
    group = _locked(group)
    if not group.accepts_requests:
        raise ValidationError(_("This group is not taking requests to join."), code="not_open")
    existing = JoinRequest.objects.filter(token=token).first()
    if existing is not None:
        if existing.group_id != group.pk:
            raise ValidationError(_("Please send the form again."), code="token")
        return existing, False
    _check_stakeholder_group(group.office, data.get("stakeholder_group"))
    request = JoinRequest(group=group, token=token)
    for field in JOIN_FIELDS:
        if field in data:
            setattr(request, field, data[field])
    request.full_clean()
    request.save()
    # The trail names the group, not the person: their details stay in the request.
    AuditEvent.record(actor=None, action="group.join_requested", target=group, request=request.pk)
    return request, True


def _pending(request: JoinRequest) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().select_related("group__office").get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has been decided already."), code="decided")
    return request


@transaction.atomic
def join_request_accept(
    *, request: JoinRequest, actor: User | None, role: str = GroupMember.Role.MEMBER
) -> GroupMember:
    """Accept a request: the person becomes a member from today, named publicly only if they agreed."""
    request = _pending(request)
    group = _open(request.group)
    member = GroupMember(
        group=group,
        name=request.name,
        position=request.organisation,
        origin=GroupMember.Origin.CITIZEN,
        stakeholder_group=request.stakeholder_group,
        role=role,
        term_starts_on=timezone.localdate(),
        term_ends_on=group.term_ends_on,
        name_public=request.name_public,
        email=request.email,
        phone=request.phone,
    )
    member.full_clean()
    member.save()
    request.status, request.member = JoinRequest.Status.ACCEPTED, member
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "member", "decided_by", "decided_at"])
    AuditEvent.record(actor=actor, action="group.join_accepted", target=group, request=request.pk, member=member.pk)
    return member


@transaction.atomic
def join_request_decline(*, request: JoinRequest, actor: User | None, reason: str) -> JoinRequest:
    request = _pending(request)
    request.status, request.decline_reason = JoinRequest.Status.DECLINED, reason
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    AuditEvent.record(actor=actor, action="group.join_declined", target=request.group, request=request.pk)
    return request


@transaction.atomic
def order_issue(*, group: WorkingGroup, actor: User | None, data: dict) -> AppointmentOrder:
    """Issue an appointment order for the current members and roles; it supersedes the order in force."""
    group = _open(group)
    members = ranked(group.members.current())
    if not members:
        raise ValidationError(_("The group has no members to appoint yet."), code="no_members")
    order = AppointmentOrder(
        group=group,
        created_by=actor,
        members=[{"name": m.name, "position": m.position, "role": m.role} for m in members],
    )
    for field in ORDER_FIELDS:
        setattr(order, field, data[field])
    order.full_clean(exclude=["status"])
    previous = list(AppointmentOrder.objects.select_for_update().filter(group=group).current())
    for old in previous:
        old.status = AppointmentOrder.Status.SUPERSEDED
        old.save(update_fields=["status"])
    order.save()
    for old in previous:
        old.superseded_by = order
        old.save(update_fields=["superseded_by"])
    AuditEvent.record(
        actor=actor,
        action="group.order_issued",
        target=order,
        office=group.office,
        group=group.pk,
        superseded=[old.pk for old in previous],
    )
    return order


def _check_meeting(office: Office, meeting_id: int | None) -> None:
    """A linked meeting must be one of the office's recorded (not cancelled) meetings, found through
    the core's evidence registry."""
    if meeting_id is None:
        return
    meetings = evidence.source("meetings")
    if meetings is None or meetings.find is None or not meetings.find(office, {meeting_id}):
        raise ValidationError({"meeting_id": _("Choose one of the office's recorded meetings.")})


@transaction.atomic
def activity_save(
    *, group: WorkingGroup, actor: User | None, activity: GroupActivity | None, data: dict
) -> GroupActivity:
    """Record a meeting, training or activity of the group, or change its record."""
    group = _open(group)
    if "meeting_id" in data:
        _check_meeting(group.office, data["meeting_id"])
    if activity is None:
        activity = GroupActivity(group=group, created_by=actor)
        changed = [field for field in ACTIVITY_FIELDS if field in data]
    else:
        activity = GroupActivity.objects.select_for_update().get(pk=activity.pk, group=group)
        changed = [field for field in ACTIVITY_FIELDS if field in data and getattr(activity, field) != data[field]]
    if data.get("held_on") and data["held_on"] < group.founded_on:
        raise ValidationError({"held_on": _("The group had not been founded yet on that day.")})
    for field in changed:
        setattr(activity, field, data[field])
    activity.full_clean()
    if activity.pk:
        activity.save(update_fields=changed)
        action = "group.activity_changed"
    else:
        activity.save()
        action = "group.activity_recorded"
    AuditEvent.record(actor=actor, action=action, target=activity, office=group.office, group=group.pk)
    return activity


@transaction.atomic
def criterion_add(*, group: WorkingGroup, actor: User | None, name: str, max_score: int) -> Criterion:
    group = _open(group)
    criterion = Criterion(group=group, name=name.strip(), max_score=max_score, position=group.criteria.count())
    criterion.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            criterion.save()
    except IntegrityError:
        raise ValidationError({"name": _("The group has this criterion already.")}, code="duplicate") from None
    AuditEvent.record(actor=actor, action="group.criterion_added", target=group, criterion=criterion.name)
    return criterion


@transaction.atomic
def scores_set(*, group: WorkingGroup, actor: User | None, fiscal_year: int, rows) -> int:
    """Record members' scores of a fiscal year: rows of (member, criterion, score or None to clear)."""
    group = _open(group)
    members = {member.pk for member in group.members.all()}
    criteria = {criterion.pk: criterion for criterion in group.criteria.all()}
    errors = []
    for member, criterion, score in rows:
        if member.pk not in members or criterion.pk not in criteria:
            raise ValidationError(_("A score was for someone or something outside this group."), code="outside")
        if score is not None and score > criteria[criterion.pk].max_score:
            errors.append(
                _("%(member)s: %(criterion)s gives at most %(max)d.")
                % {"member": member.name, "criterion": criterion.name, "max": criteria[criterion.pk].max_score}
            )
    if errors:
        raise ValidationError(errors, code="too_high")
    saved = 0
    for member, criterion, score in rows:
        if score is None:
            Score.objects.filter(member=member, criterion=criterion, fiscal_year=fiscal_year).delete()
        else:
            Score.objects.update_or_create(
                member=member, criterion=criterion, fiscal_year=fiscal_year, defaults={"score": score}
            )
            saved += 1
    AuditEvent.record(actor=actor, action="group.scores_set", target=group, fiscal_year=fiscal_year, scores=saved)
    return saved


@transaction.atomic
def award_create(*, group: WorkingGroup, actor: User | None, member: GroupMember, data: dict) -> Award:
    """Honour a member of the group; the certificate is printed from the award."""
    group = _open(group)
    if not group.members.filter(pk=member.pk).exists():
        raise ValidationError({"member": _("Choose a member of this group.")})
    award = Award(group=group, member=member, created_by=actor)
    for field in AWARD_FIELDS:
        setattr(award, field, data[field])
    award.full_clean()
    award.save()
    AuditEvent.record(actor=actor, action="group.award_given", target=award, office=group.office, group=group.pk)
    return award
