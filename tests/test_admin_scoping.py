"""Every page of the admin, for every registered model, keeps to the offices of the person using it.

An office person with admin access (is_staff, not a site administrator) walks each admin address of
an object of another office — the list (also searched for it), the change, delete and history pages,
"view on site" and the autocomplete — and is answered 403, 404 or a redirect, never the object. The
login page works for anyone, and its login is rate-limited like the portal's own.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from announcements.models import Announcement, Revision
from participation.feedback.tasks import send_feedback_receipt
from participation.models import AuditEvent, Office, OfficeMembership, StakeholderGroup
from tests.factories import PASSWORD, AnnouncementFactory, FeedbackFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

# A word that appears only in the records of the other office (as does its name, Chai Nat, ชัยนาท),
# so a page that shows them gives it away.
SECRET = "ร่างลับชัยนาท"


def chainat_records(chainat) -> dict:
    """One record of Chai Nat (or of no office, for site administrators' models) per registered model."""
    draft = AnnouncementFactory(office=chainat, subject=f"{SECRET} ประกาศ", number=f"{SECRET}-1")
    chainat_staff = UserFactory(username="chainat-staff", first_name=SECRET, is_staff=True)
    return {
        Office: chainat,
        StakeholderGroup: StakeholderGroup.objects.get(office=chainat),
        OfficeMembership: OfficeMembership.objects.create(
            user=chainat_staff, office=chainat, role=OfficeMembership.Role.STAFF
        ),
        AuditEvent: AuditEvent.record(actor=None, action="announcement.created", target=draft, note=SECRET),
        chainat_staff.__class__: chainat_staff,
        Announcement: draft,
        Revision: Revision.objects.create(announcement=draft, number=1, snapshot={"subject": SECRET}),
        DBTaskResult: DBTaskResult.objects.get(id=send_feedback_receipt.enqueue(feedback_id=0).id),
    }


def admin_urls(obj) -> dict[str, str]:
    """The admin's addresses of one object."""
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    content_type = ContentType.objects.get_for_model(obj)
    urls = {
        "changelist": reverse(f"{name}_changelist"),
        "search": reverse(f"{name}_changelist") + f"?q={obj.pk}",
        "change": reverse(f"{name}_change", args=[obj.pk]),
        "delete": reverse(f"{name}_delete", args=[obj.pk]),
        "history": reverse(f"{name}_history", args=[obj.pk]),
        "view_on_site": reverse("admin:view_on_site", args=[content_type.pk, obj.pk]),
    }
    if opts.model_name == "office":
        urls["search"] = reverse(f"{name}_changelist") + f"?q={obj.slug}"
    return urls


def autocomplete_urls(term: str) -> list[str]:
    """The autocomplete of every field of every admin that has one."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.get_autocomplete_fields(None):
            query = f"app_label={model._meta.app_label}&model_name={model._meta.model_name}&field_name={field}"
            urls.append(f"{reverse('admin:autocomplete')}?{query}&term={term}")
    return urls


@pytest.fixture
def records(singburi, chainat):
    return chainat_records(chainat)


def test_every_registered_model_is_walked(records):
    assert set(records) == set(admin.site._registry)


@pytest.fixture(params=["staff_singburi", "director_singburi", "staff_with_every_permission"])
def member(request, singburi):
    """An office person with admin access; the last holds every Django model permission besides."""
    name = "staff_singburi" if request.param == "staff_with_every_permission" else request.param
    user = request.getfixturevalue(name)
    if request.param == "staff_with_every_permission":
        user.user_permissions.set(Permission.objects.all())
    return user


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_no_admin_page_shows_another_offices_record(client, member, records, model):
    client.force_login(member)
    obj = records[model]
    change_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    for page, url in admin_urls(obj).items():
        response = client.get(url)
        # The lists answer (they are scoped); every page of the object itself is refused.
        allowed = (200, 302, 403) if page in ("changelist", "search") else (302, 403, 404)
        assert response.status_code in allowed, (page, url, response.status_code)
        html = response.content.decode()
        assert SECRET not in html and "ชัยนาท" not in html, (page, url)
        if page in ("changelist", "search"):
            assert change_url not in html, (page, url)  # not even a link to it
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:index")), (page, url)
    # Posting to the change and delete pages changes nothing either.
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    for url in (reverse(f"{name}_change", args=[obj.pk]), reverse(f"{name}_delete", args=[obj.pk])):
        assert client.post(url, {"post": "yes"}).status_code in (302, 403, 404)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Office, StakeholderGroup, OfficeMembership, AuditEvent, Announcement, Revision])
def test_own_office_lists_answer_without_the_other_office(client, staff_singburi, records, model):
    """The office-scoped lists are open to office people (so the test above is not vacuous) and hold
    their own office's rows only."""
    client.force_login(staff_singburi)
    obj = records[model]
    response = client.get(admin_urls(obj)["changelist"])
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_autocomplete_shows_nothing_of_another_office(client, member, records):
    client.force_login(member)
    urls = autocomplete_urls(SECRET)
    assert urls  # the membership admin looks accounts up
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert SECRET not in response.content.decode()


def test_view_on_site_does_not_reveal_another_offices_draft(client, staff_singburi, records):
    """Django's shortcut redirected to the draft's address: it told that the draft exists, and where."""
    client.force_login(staff_singburi)
    draft = records[Announcement]
    content_type = ContentType.objects.get_for_model(Announcement)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))
    missing = client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk + 1000]))
    # The same answer as for nothing at all, and no address.
    assert response.status_code == missing.status_code == 404
    assert "Location" not in response and draft.get_absolute_url() not in response.content.decode()


def test_view_on_site_refuses_models_the_admin_does_not_show(client, staff_singburi, singburi, chainat):
    """A draft meeting, even of the user's own office, is not reached through the admin's shortcut:
    the admin does not show meetings, so it does not lead to them either."""
    client.force_login(staff_singburi)
    for office in (singburi, chainat):
        meeting = MeetingFactory(office=office, is_public=False)
        content_type = ContentType.objects.get_for_model(meeting)
        assert client.get(reverse("admin:view_on_site", args=[content_type.pk, meeting.pk])).status_code == 404
    feedback = FeedbackFactory(office=chainat)
    content_type = ContentType.objects.get_for_model(feedback)
    assert client.get(reverse("admin:view_on_site", args=[content_type.pk, feedback.pk])).status_code == 404


def test_view_on_site_still_leads_to_own_and_every_record_for_site_admins(
    client, staff_singburi, site_admin, singburi, records
):
    own = AnnouncementFactory(office=singburi)
    content_type = ContentType.objects.get_for_model(Announcement)
    client.force_login(staff_singburi)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, own.pk]))
    assert response.status_code == 302 and response["Location"].endswith(own.get_absolute_url())
    client.force_login(site_admin)
    draft = records[Announcement]
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))
    assert response.status_code == 302 and response["Location"].endswith(draft.get_absolute_url())


def test_site_admin_opens_every_page(client, site_admin, records):
    """The other side of the walk: a site administrator reaches every one of those records."""
    client.force_login(site_admin)
    for obj in records.values():
        urls = admin_urls(obj)
        for page in ("changelist", "change", "history"):
            assert client.get(urls[page]).status_code == 200, (obj._meta.label, page)


# --- The login page -------------------------------------------------------------------------------


def test_login_page_answers_anonymous_visitors(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_every_admin_answers_an_anonymous_user_without_failing(singburi):
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    for model_admin in admin.site._registry.values():
        assert not model_admin.has_module_permission(request)
        assert not model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert admin.site.get_app_list(request) == []


def test_staff_log_in_through_the_admin(client, staff_singburi):
    login = client.get(reverse("admin:login"))
    assert 'name="next" value="/admin/"' in login.content.decode()
    response = client.post(
        reverse("admin:login"), {"username": "staff-singburi", "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_is_rate_limited_like_the_portals(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    for _ in range(2):
        client.post(reverse("admin:login"), {"username": "staff-singburi", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "staff-singburi", "password": PASSWORD})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
