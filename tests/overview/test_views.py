"""The public overview and a supervising office's view: what they show, from the stored figures
only, with queries that do not grow with the records, within the page budget; the table as open data."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participation.fiscal import current_fiscal_year
from participation.models import Office, OfficeMembership
from participation.overview.models import OfficeYear
from participation.overview.services import office_year_refresh
from tests.factories import FeedbackFactory, OfficeFactory, UserFactory
from tests.helpers import page_cost
from tests.test_page_weight import BUDGET, page_weight

pytestmark = pytest.mark.django_db

YEAR = current_fiscal_year()


def row(office, **figures) -> OfficeYear:
    return OfficeYear.objects.create(office=office, fiscal_year=YEAR, **figures)


@pytest.fixture
def placed(singburi, chainat):
    """OBEC above Sing Buri; Chai Nat elsewhere, in another region."""
    obec = OfficeFactory(
        slug="obec", name_th="สพฐ.", kind=Office.Kind.COMMISSION, region="bangkok", province="กรุงเทพมหานคร"
    )
    Office.objects.filter(pk=singburi.pk).update(parent=obec, region="central")
    Office.objects.filter(pk=chainat.pk).update(region="north", province="ชัยนาท")
    row(
        singburi,
        has_plan=True,
        steps_done=3,
        summary_status="approved",
        feedback_received=7,
        feedback_answered=4,
        feedback_answered_in_time=3,
        feedback_overdue=2,
        people_attended=40,
        attended_by_category={"teachers": 40},
    )
    row(chainat, has_plan=True, ita_missing=0, feedback_received=100, feedback_overdue=9)
    return obec


class TestPublicOverview:
    def test_every_office_with_its_figures_linking_to_its_cycle_page(self, client, placed, singburi, chainat):
        html = client.get("/overview/").content.decode()
        assert f'href="/singburi/plans/{YEAR}/"' in html and f'href="/chainat/plans/{YEAR}/"' in html
        assert "75.0" in html  # Sing Buri answered 3 of 4 in time
        assert "ครูและบุคลากรทางการศึกษา: 40" in html
        assert "ยังไม่ได้นับ" in html or "Not counted yet" in html  # OBEC: nothing stored yet
        assert f'href="/data/overview.csv?fiscal_year={YEAR}"' in html
        assert f'href="/api/v1/overview/?fiscal_year={YEAR}"' in html

    def test_filtered_by_region_and_rolled_up_by_province_region_and_parent(self, client, placed):
        html = client.get("/en/overview/?region=north").content.decode()
        assert "/chainat/plans/" in html and "/singburi/plans/" not in html
        by_region = client.get("/en/overview/?by=region").content.decode()
        assert "?by=office&amp;region=north" in by_region or "region=north&amp;by=office" in by_region
        by_parent = client.get("/en/overview/?by=parent").content.decode()
        assert "/en/obec/plans/" in by_parent
        by_province = client.get("/en/overview/?by=province").content.decode()
        assert "ชัยนาท" in by_province

    def test_inactive_offices_are_left_out_of_the_table_and_the_totals(self, client, placed, chainat):
        Office.objects.filter(pk=chainat.pk).update(is_active=False)
        for path in ("/en/overview/", "/en/overview/?region=north", "/en/overview/?by=region"):
            html = client.get(path).content.decode()
            assert "/chainat/plans/" not in html and "ชัยนาท" not in html, path
        assert "Feedback received</dt><dd>7</dd>" in client.get("/en/overview/").content.decode()  # Sing Buri's only

    def test_sorted_by_feedback(self, client, placed):
        html = client.get("/en/overview/?sort=feedback").content.decode()
        assert html.index("/chainat/plans/") < html.index("/singburi/plans/")
        html = client.get("/en/overview/?sort=steps").content.decode()
        assert html.index("/singburi/plans/") < html.index("/chainat/plans/")

    @pytest.mark.parametrize("query", ["?year=abc", "?region=mars&kind=x&by=%00", "?page=999", "?sort=-1&page=x"])
    def test_made_up_parameters_are_ignored(self, client, placed, query):
        assert client.get(f"/overview/{query}").status_code == 200

    def test_the_header_links_to_it(self, client, singburi):
        with translation.override("en"):
            url = reverse("overview:overview")
        assert f'href="{url}"' in client.get("/en/").content.decode()

    def test_reads_the_stored_figures_never_the_feedback(self, client, singburi, chainat):
        costs = []
        for n in (2, 30):
            FeedbackFactory.create_batch(n, office=singburi)
            office_year_refresh(office=singburi, fiscal_year=YEAR)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/overview/").status_code == 200
            assert not any("feedback_feedback" in query["sql"] for query in queries)
            costs.append(page_cost(client, "/overview/"))
        assert costs[0] == costs[1]

    def test_queries_do_not_grow_with_the_offices(self, client, singburi):
        counts = []
        for n in (3, 40):
            for office in OfficeFactory.create_batch(n):
                row(office, feedback_received=1)
            counts.append(page_cost(client, "/overview/").queries)
        assert counts[0] == counts[1]

    def test_250_offices_stay_within_the_page_budget(self, client, singburi):
        regions = Office.Region.values
        offices = Office.objects.bulk_create(
            Office(slug=f"esa{n}", name_th=f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต {n}", name_en=f"ESA {n}",
                   short_name_th=f"สพป.ทดสอบ เขต {n}", kind="primary_esa", province=f"จังหวัด{n % 77}",
                   region=regions[n % len(regions)])
            for n in range(250)
        )  # fmt: skip
        OfficeYear.objects.bulk_create(
            OfficeYear(office=office, fiscal_year=YEAR, has_plan=True, steps_done=n % 6, feedback_received=n * 37,
                       feedback_answered=n * 30, feedback_answered_in_time=n * 20, median_days=n % 15, ratings=n,
                       rating_sum=n * 4, meetings_held=n % 9, people_attended=n * 11)
            for n, office in enumerate(offices)
        )  # fmt: skip
        for path in ("/overview/", "/overview/?by=province", "/en/overview/?page=2"):
            total, _assets = page_weight(client, path)
            assert total <= BUDGET, (path, total)


class TestSupervision:
    def test_a_supervising_office_sees_the_offices_under_it_and_what_is_overdue(self, client, placed, singburi):
        user = UserFactory(username="obec-staff")
        OfficeMembership.objects.create(user=user, office=placed, role=OfficeMembership.Role.STAFF)
        client.force_login(user)
        html = client.get("/en/manage/obec/overview/").content.decode()
        assert "/singburi/plans/" in html and "/chainat/" not in html
        assert 'text-bg-danger">2<' in html  # Sing Buri's overdue feedback
        # Figures and public pages only: Sing Buri's workspace is not offered, nor open to them.
        assert "/manage/singburi/" not in html
        assert client.get("/manage/singburi/feedback/").status_code == 404

    def test_a_membership_below_opens_its_workspace(self, client, placed, singburi):
        user = UserFactory(username="both")
        OfficeMembership.objects.create(user=user, office=placed, role=OfficeMembership.Role.STAFF)
        OfficeMembership.objects.create(user=user, office=singburi, role=OfficeMembership.Role.STAFF)
        client.force_login(user)
        assert "/manage/singburi/plans/" in client.get("/en/manage/obec/overview/").content.decode()

    def test_an_office_with_none_under_it_says_so(self, client, staff_singburi):
        client.force_login(staff_singburi)
        assert "No office is placed under this one." in client.get("/en/manage/singburi/overview/").content.decode()


class TestOpenData:
    def test_csv_and_json_of_the_table(self, client, placed, singburi):
        text = b"".join(client.get(f"/data/overview.csv?fiscal_year={YEAR}").streaming_content).decode("utf-8-sig")
        rows = {r["office"]: r for r in csv.DictReader(io.StringIO(text))}
        assert set(rows) == {"singburi", "chainat"}
        assert rows["singburi"]["parent"] == "obec" and rows["singburi"]["in_time_percent"] == "75.0"
        data = json.loads(client.get(f"/api/v1/overview/?fiscal_year={YEAR}").content)
        items = {item["office"]: item for item in data["data"]}
        assert items["singburi"]["summary_status"] == "approved" and items["chainat"]["region"]["code"] == "north"
        assert "answer_days" not in items["singburi"] and "feedback_overdue" not in items["singburi"]

    def test_the_ita_parts_of_each_year_with_a_plan(self, client, placed, singburi, chainat):
        parts = {"1": "complete", "2": "complete", "3": "in_progress", "4": "missing"}
        OfficeYear.objects.filter(office=singburi).update(ita_parts=parts, ita_missing=2)
        OfficeYear.objects.filter(office=chainat).update(ita_parts=dict.fromkeys("1234", "complete"), ita_missing=0)
        row(OfficeFactory(slug="loei1"), has_plan=False, ita_missing=4)  # no plan: nothing to assess, not listed
        data = json.loads(client.get("/api/v1/ita-parts/", {"fiscal_year": YEAR}).content)
        items = {item["office"]: item for item in data["data"]}
        assert set(items) == {"singburi", "chainat"}
        first = items["singburi"]
        assert first["part_1_issue"]["code"] == "complete" and first["part_3_results"]["code"] == "in_progress"
        assert first["part_4_improvement"]["code"] == "missing" and first["complete"] is False
        assert items["chainat"]["complete"] is True
        assert first["url"].endswith(f"/singburi/plans/{YEAR}/ita/")
        text = b"".join(client.get("/data/singburi/ita-parts.csv").streaming_content).decode("utf-8-sig")
        (only,) = csv.DictReader(io.StringIO(text))
        assert only["office"] == "singburi" and only["part_2_participants"] == "complete"
