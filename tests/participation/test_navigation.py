"""Addresses written from one reverse(): the same as reverse() gives for each record."""

import pytest
from django.urls import reverse
from django.utils import translation

from participation.navigation import address_writer, section_url_writer


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_same_addresses_as_reverse(language):
    with translation.override(language):
        detail = address_writer("feedback:manage_detail", office="loei1", pk=int)
        plan = address_writer("cycle:plan", office=str, year=2569)
        edit = address_writer("meetings:manage_action_edit", office="loei1", pk=int, action=int)
        plans = section_url_writer("plans")
        for pk in (1, 42, 9_100_000_000_000_000_000, 2**63 - 1):
            assert detail(pk) == reverse("feedback:manage_detail", kwargs={"office": "loei1", "pk": pk})
            assert edit(pk, 7) == reverse("meetings:manage_action_edit", args=["loei1", pk, 7])
        for slug in ("singburi", "ratchaburi1", "ops-moe", "a"):
            assert plan(slug) == reverse("cycle:plan", kwargs={"office": slug, "year": 2569})
            assert plans(slug) == reverse("cycle:plans", kwargs={"office": slug})
    assert section_url_writer("no-such-section") is None
