"""The public pages of the yearly cycle: plans, one year's cycle, the approved summary, the ITA page."""

import datetime
import re

import pytest

from participation.cycle import services
from participation.cycle.models import YearSummary
from participation.cycle.views import public
from participation.fiscal import current_fiscal_year
from participation.meetings.services import follow_up_save
from participation.models import Office
from participation.thai import thai_official_date
from tests.conftest import PERSONAS
from tests.cycle.helpers import ITA, PLAN, PLANS, SUMMARY, TEXT, approve, populate
from tests.factories import AnnouncementFactory, FeedbackFactory
from tests.helpers import FY

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(plan, director_singburi):
    return approve(plan, director_singburi)


class TestPermissions:
    @pytest.mark.parametrize("persona", PERSONAS)
    def test_public_pages_are_open_to_everyone(self, client_for, persona, plan):
        client = client_for(persona)
        for url in (PLANS, PLAN, ITA):
            assert client.get(url).status_code == 200, url

    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
    def test_summary_is_404_for_everyone_until_approved(self, client_for, persona, plan, status):
        services.summary_save(summary=plan.summary, actor=None, data=TEXT)
        YearSummary.objects.filter(pk=plan.summary.pk).update(status=status)
        client = client_for(persona)
        assert client.get(SUMMARY).status_code == 404
        for url, present in ((PLAN, 'id="step-summarize"'), (ITA, 'data-missing="4"')):
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert present in page, url
            assert TEXT["analysis"] not in page and TEXT["recommendations"] not in page
            assert SUMMARY not in page

    @pytest.mark.parametrize("persona", PERSONAS)
    def test_approved_summary_is_public(self, client_for, persona, approved):
        response = client_for(persona).get(SUMMARY)
        assert response.status_code == 200
        assert TEXT["recommendations"] in response.content.decode()

    def test_unknown_year_office_and_inactive_office(self, client, plan, singburi):
        assert client.get(f"/singburi/plans/{FY + 5}/").status_code == 404
        assert client.get(f"/singburi/plans/{FY + 5}/ita/").status_code == 404
        assert client.get(f"/singburi/plans/{FY + 5}/summary/").status_code == 404
        assert client.get("/nowhere/plans/").status_code == 404
        Office.objects.filter(pk=singburi.pk).update(is_active=False)
        for url in (PLANS, PLAN, ITA):
            assert client.get(url).status_code == 404

    def test_another_offices_year_is_its_own(self, client, plan, chainat):
        assert client.get(f"/chainat/plans/{FY}/").status_code == 404


class TestList:
    def test_plans_newest_first_with_progress_and_summary(self, client, approved, singburi):
        page = client.get(PLANS).content.decode()
        assert page.index(f"/singburi/plans/{FY + 1}/") < page.index(f"/singburi/plans/{FY}/")
        assert "0 of 5 steps done" in client.get("/en" + PLANS).content.decode()
        assert SUMMARY in page

    def test_current_year_without_a_plan_is_said_plainly(self, client, plan, singburi, staff_singburi):
        current = current_fiscal_year()
        if current != FY:
            assert f"({current})" in client.get("/en" + PLANS).content.decode()
            assert "no participation plan for the current fiscal year" in client.get("/en" + PLANS).content.decode()
            services.plan_create(office=singburi, fiscal_year=current, actor=staff_singburi)
        response = client.get("/en" + PLANS)
        assert response.status_code == 200
        assert f"/singburi/plans/{FY}/" in response.content.decode()
        assert "no participation plan for the current fiscal year" not in response.content.decode()


class TestCyclePage:
    def test_steps_as_an_accessible_list_with_a_decorative_ring(self, client, plan):
        page = client.get(PLAN).content.decode()
        assert re.search(r'<svg class="cycle-ring"[^>]*aria-hidden="true"', page)
        assert page.count('id="step-') == 5
        assert "<ol" in page
        english = client.get("/en" + PLAN).content.decode()
        for name in ("Review", "Publish", "Consult", "Involve", "Summarize"):
            assert name in english
        assert "Not started" in english and "Due date" in english and "Responsible" in english

    def test_public_evidence_shown_internal_evidence_counted(self, client, plan, singburi, group, staff_singburi):
        populate(singburi, 2, group)
        services.evidence_add_link(
            plan=plan,
            actor=staff_singburi,
            step="publish",
            title="ลิงก์ภายในของสำนักงาน",
            url="https://x.test/",
            public=False,
        )
        page = client.get(PLAN).content.decode()
        assert "ข่าวสาธารณะ 0" in page and "สัมมนาสาธารณะ 1" in page
        assert "ประชุมภายในลับ" not in page and "ลิงก์ภายในของสำนักงาน" not in page
        english = client.get("/en" + PLAN).content.decode()
        assert "and 2 internal records, not shown" in english  # step 4: the two internal meetings
        assert "and 1 internal record, not shown" in english  # step 2: the internal link

    def test_step_one_links_last_years_summary_and_names_the_targets(
        self, client, approved, singburi, group, director_singburi
    ):
        following = approved.plan.office.plans.get(fiscal_year=FY + 1)
        services.plan_targets_set(plan=following, actor=director_singburi, targets=[(group, "ลับ", "LINE กลุ่มสื่อ")])
        page = client.get(f"/singburi/plans/{FY + 1}/").content.decode()
        assert SUMMARY in page
        assert group.name in page and "LINE กลุ่มสื่อ" in page

    def test_coverage_matrix_and_warnings(self, client, plan, singburi, group, director_singburi):
        services.plan_targets_set(plan=plan, actor=director_singburi, targets=[(group, "", "")])
        AnnouncementFactory(office=singburi, published=True, announced_on=datetime.date(2025, 1, 10))
        page = client.get("/en" + PLAN).content.decode()
        assert "<caption>" in page and '<th scope="row"' in page and '<th scope="col"' in page
        for warning in ("only-inform", "missing-levels", "missing-principles", "never-reached"):
            assert f'data-warning="{warning}"' in page
        assert "Targeted in step 1 but never reached: Sing Buri media network" in page
        populate(singburi, 1, group)
        response = client.get("/en" + PLAN)
        assert response.status_code == 200
        page = response.content.decode()
        assert "<caption>" in page
        assert 'data-warning="only-inform"' not in page and 'data-warning="never-reached"' not in page


class TestSummaryPage:
    def test_thai_official_document(self, client, plan, singburi, group, director_singburi):
        populate(singburi, 2, group)
        FeedbackFactory(office=singburi, received_on=datetime.date(2025, 2, 1))
        summary = approve(plan, director_singburi)
        page = client.get(SUMMARY).content.decode()
        assert "รายงานสรุปผลการดำเนินงานการมีส่วนร่วม ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in page
        assert singburi.name_th in page
        date = thai_official_date(summary.approved_at)
        assert not re.search(r"[0-9]", date)
        assert f"อนุมัติ ณ วันที่ {date}" in page
        assert "(ดร.พิเชฐร์ วันทอง)" in page and "ผู้อำนวยการสำนักงานเขต" in page
        assert "ประชุมภายในลับ" not in page
        assert "เว็บไซต์" in page or "Website" in page  # the channel, by its label
        for text in TEXT.values():
            assert text in page

    def test_english_page_keeps_the_document_thai(self, client, approved):
        page = client.get("/en" + SUMMARY).content.decode()
        assert "The year&#x27;s participation plan" in page or "The year's participation plan" in page
        assert 'lang="th"' in page and "อนุมัติ ณ วันที่" in page


class TestItaPage:
    def test_flags_every_missing_part(self, client, plan):
        page = client.get(ITA).content.decode()
        for part in "1234":
            assert f'data-missing="{part}"' in page
        assert "Part 4 is missing: no approved summary yet" in client.get("/en" + ITA).content.decode()

    def test_all_four_parts_when_complete(self, client, plan, singburi, group, director_singburi):
        services.plan_targets_set(plan=plan, actor=director_singburi, targets=[(group, "", "เว็บไซต์")])
        populate(singburi, 2, group)
        meeting = singburi.meetings.filter(is_public=True).first()
        follow_up_save(
            meeting=meeting,
            actor=None,
            action=None,
            data={"description": "ขอป้ายประกาศ", "status": "done", "result": "ติดตั้งแล้ว"},
        )
        approve(plan, director_singburi)
        page = client.get(ITA).content.decode()
        assert "data-missing" not in page and 'data-ita="complete"' in page
        assert group.name in page and "สัมมนาสาธารณะ 0" in page and "เพื่อรับฟังความคิดเห็น" in page
        assert "ที่ประชุมเห็นชอบแผน" in page
        assert TEXT["recommendations"] in page and "ติดตั้งแล้ว" in page
        assert SUMMARY in page and f"/singburi/plans/{FY + 1}/" in page
        assert "ประชุมภายในลับ" not in page
        assert "and 2 internal meetings, not shown" in client.get("/en" + ITA).content.decode()


class TestStepPages:
    """A large office's year does not fit one page: the plan shows each step's first records and
    links to the step's own pages, which list every public record and count the internal ones."""

    def test_plan_page_shows_the_first_records_and_links_to_the_rest(self, client, plan, singburi, group):
        populate(singburi, 8, group)
        english = client.get("/en" + PLAN).content.decode()
        assert english.count("สัมมนาสาธารณะ") == 5 and "สัมมนาสาธารณะ 7" in english  # the latest first
        assert f'href="/en/singburi/plans/{FY}/steps/involve/">All 8 public records of this step' in english
        assert "and 8 internal records, not shown" in english

    def test_every_public_record_page_by_page_internal_ones_counted(self, client, plan, singburi, group, monkeypatch):
        monkeypatch.setattr(public, "STEP_PAGE_SIZE", 3)
        populate(singburi, 4, group)
        url = f"/en/singburi/plans/{FY}/steps/involve/"
        pages = [client.get(url + query).content.decode() for query in ("", "?page=2")]
        assert "Page 1 of 2" in pages[0] and 'rel="next" href="?page=2"' in pages[0]
        assert "Page 2 of 2" in pages[1] and 'rel="prev" href="?page=1"' in pages[1]
        shown = re.findall(r"สัมมนาสาธารณะ \d", "".join(pages))
        assert sorted(shown) == [f"สัมมนาสาธารณะ {i}" for i in range(4)]
        assert "ประชุมภายในลับ" not in "".join(pages)
        assert "4 internal records are counted, not shown" in pages[0]
        assert client.get(url + "?page=3").status_code == 404
        assert client.get(url + "?page=0").status_code == 200

    def test_unknown_step_or_year_is_404(self, client, plan):
        assert client.get(f"/singburi/plans/{FY}/steps/nothing/").status_code == 404
        assert client.get(f"/singburi/plans/{FY + 5}/steps/publish/").status_code == 404
        assert client.get(f"/chainat/plans/{FY}/steps/publish/").status_code == 404

    def test_ita_page_describes_the_latest_meetings_and_links_to_all(self, client, plan, singburi, group):
        populate(singburi, 7, group)
        english = client.get("/en" + ITA).content.decode()
        assert "The latest 5 of 7 public meetings and hearings" in english
        assert "สัมมนาสาธารณะ 6" in english and "สัมมนาสาธารณะ 0" not in english
        assert f"/en/singburi/plans/{FY}/steps/involve/" in english
        assert "The outcomes of 2 earlier public meetings are on their own pages" in english
        assert "7 meetings and hearings" not in english and "14 meetings and hearings, 14 held" in english


@pytest.mark.parametrize("url", [PLANS, PLAN, SUMMARY, ITA, f"/singburi/plans/{FY}/steps/involve/"])
def test_english_pages(client, approved, url):
    response = client.get("/en" + url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
