"""Offices and memberships: slugs, names, one membership per user and office."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from participation.models import RESERVED_SLUGS, Office, OfficeMembership
from tests.factories import MembershipFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def office(**fields) -> Office:
    values = {"slug": "singburi", "name_th": "สพป.สิงห์บุรี", "name_en": "Sing Buri", "kind": Office.Kind.PRIMARY_ESA}
    values.update(fields)
    return Office(**values)


class TestOfficeSlug:
    @pytest.mark.parametrize("slug", ["singburi", "loei1", "ops-moe", "ratchaburi1"])
    def test_accepts_short_latin_slugs(self, slug):
        office(slug=slug).full_clean()

    @pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS - {"feed.xml", "sitemap.xml", "robots.txt", "favicon.ico"}))
    def test_refuses_reserved_words(self, slug):
        with pytest.raises(ValidationError) as error:
            office(slug=slug).full_clean()
        assert error.value.error_dict["slug"][0].code == "reserved_slug"

    @pytest.mark.parametrize("slug", ["SingBuri", "สิงห์บุรี", "1office", "a--b", "a-", "a_b", "a b", "-a"])
    def test_refuses_malformed_slugs(self, slug):
        with pytest.raises(ValidationError) as error:
            office(slug=slug).full_clean()
        assert "slug" in error.value.error_dict

    def test_unique(self):
        OfficeFactory(slug="singburi")
        with pytest.raises(ValidationError):
            office(slug="singburi").full_clean()


def test_office_name_follows_the_language():
    item = office(short_name_th="สพป.สิงห์บุรี", short_name_en="")
    with translation.override("th"):
        assert item.name == "สพป.สิงห์บุรี" and item.short_name == "สพป.สิงห์บุรี"
    with translation.override("en"):
        assert item.name == "Sing Buri" and item.short_name == "Sing Buri"


def test_one_membership_per_user_and_office():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user, office=membership.office, role=OfficeMembership.Role.DIRECTOR)


def test_user_may_serve_several_offices():
    user = UserFactory()
    MembershipFactory(user=user, office=OfficeFactory())
    MembershipFactory(user=user, office=OfficeFactory(), role=OfficeMembership.Role.DIRECTOR)
    assert Office.objects.for_user(user).count() == 2
