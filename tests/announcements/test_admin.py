"""Announcements in the Django admin: scoped to the member's offices, read-only."""

import pytest
from django.urls import reverse

from announcements.models import Announcement

pytestmark = pytest.mark.django_db


def test_announcements_in_the_admin_are_scoped_and_read_only(client, staff_singburi, world):
    client.force_login(staff_singburi)
    html = client.get(reverse("admin:announcements_announcement_changelist")).content.decode()
    assert "ข่าวที่เผยแพร่แล้ว" in html and "ข่าวชัยนาท" not in html
    other = Announcement.objects.get(pk=world["other_pub"])
    assert client.get(reverse("admin:announcements_announcement_change", args=[other.pk])).status_code == 302
    own = reverse("admin:announcements_announcement_change", args=[world["pub"]])
    assert client.get(own).status_code == 200
    assert client.post(own, {"subject": "changed"}).status_code == 403
    assert client.get(reverse("admin:announcements_revision_changelist")).status_code == 200
