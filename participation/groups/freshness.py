"""Which working-group pages the page cache may keep, and what makes them change."""

from participation import freshness
from participation.groups.models import AppointmentOrder, Award, GroupActivity, GroupMember, WorkingGroup


def register() -> None:
    freshness.register_public_pages("groups:list", "groups:detail", "groups:report")
    freshness.watch(WorkingGroup, office=lambda group: group.office)
    for model in (GroupMember, GroupActivity, AppointmentOrder, Award):
        freshness.watch(model, office=lambda record: record.group.office)
