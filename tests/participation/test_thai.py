"""Thai dates, digits, Buddhist-era and fiscal years, tested at the fiscal-year boundary."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from participation import thai
from participation.fiscal import be_year, fiscal_year_of, fiscal_year_range

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load thai %}" + source).render(Context(context)).strip()


class TestFiscalYear:
    def test_30_september_closes_the_year(self):
        assert fiscal_year_of(datetime.date(2025, 9, 30)) == 2568

    def test_1_october_opens_the_next_year(self):
        assert fiscal_year_of(datetime.date(2024, 10, 1)) == 2568
        assert fiscal_year_of(datetime.date(2024, 9, 30)) == 2567

    def test_range(self):
        assert fiscal_year_range(2568) == (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))

    def test_every_day_of_the_range_is_in_the_year(self):
        start, end = fiscal_year_range(2563)
        assert fiscal_year_of(start) == fiscal_year_of(end) == 2563
        assert fiscal_year_of(start - datetime.timedelta(days=1)) == 2562
        assert fiscal_year_of(end + datetime.timedelta(days=1)) == 2564

    def test_aware_datetime_uses_thai_time(self):
        # 17:30 UTC on 30 September is already 00:30 on 1 October in Bangkok.
        moment = datetime.datetime(2024, 9, 30, 17, 30, tzinfo=datetime.UTC)
        assert fiscal_year_of(moment) == 2568

    def test_be_year(self):
        assert be_year(datetime.date(2019, 9, 9)) == 2562
        assert be_year(2024) == 2567


class TestThaiDate:
    def test_long(self):
        assert thai.thai_date(datetime.date(2019, 9, 9)) == "9 กันยายน 2562"

    def test_short(self):
        assert thai.thai_date(datetime.date(2019, 9, 9), short=True) == "9 ก.ย. 62"

    def test_short_pads_the_year(self):
        assert thai.thai_date(datetime.date(2057, 1, 5), short=True) == "5 ม.ค. 00"

    def test_official_date_uses_thai_digits(self):
        assert thai.thai_official_date(datetime.date(2019, 6, 15)) == "๑๕ มิถุนายน พ.ศ. ๒๕๖๒"

    def test_digits(self):
        assert thai.thai_digits("12/2568") == "๑๒/๒๕๖๘"
        assert thai.thai_digits(103) == "๑๐๓"

    def test_aware_datetime_is_shown_in_thai_time(self):
        moment = datetime.datetime(2024, 9, 30, 17, 30, tzinfo=datetime.UTC)
        with translation.override("th"):
            assert thai.localized_datetime(moment) == "1 ตุลาคม 2567 เวลา 00:30 น."


class TestFilters:
    @pytest.mark.parametrize(
        ("day", "thai_text", "english_text"),
        [
            (datetime.date(2024, 9, 30), "30 กันยายน 2567", "30 September 2024"),
            (datetime.date(2024, 10, 1), "1 ตุลาคม 2567", "1 October 2024"),
        ],
    )
    def test_thai_date_in_each_language(self, day, thai_text, english_text):
        assert render("{{ d|thai_date }}", "th", d=day) == thai_text
        assert render("{{ d|thai_date }}", "en", d=day) == english_text

    def test_short_form(self):
        assert render('{{ d|thai_date:"short" }}', "th", d=datetime.date(2024, 10, 1)) == "1 ต.ค. 67"
        assert render('{{ d|thai_date:"short" }}', "en", d=datetime.date(2024, 10, 1)) == "1 Oct 2024"

    @pytest.mark.parametrize(("day", "year"), [(datetime.date(2024, 9, 30), 2567), (datetime.date(2024, 10, 1), 2568)])
    def test_fiscal_year_filters_at_the_boundary(self, day, year):
        assert render("{{ d|fiscal_year }}", "th", d=day) == str(year)
        assert render("{{ d|fiscal_year_label }}", "th", d=day) == f"ปีงบประมาณ {year}"
        assert render("{{ d|fiscal_year_label }}", "en", d=day) == (
            f"Fiscal year {year} (Oct {year - 544} – Sep {year - 543})"
        )

    def test_be_year_and_digits(self):
        assert render("{{ d|be_year }}", "en", d=datetime.date(2024, 10, 1)) == "2567"
        assert render("{{ n|thai_digits }}", "en", n="12/2568") == "๑๒/๒๕๖๘"
        assert render("{{ d|official_date }}", "en", d=datetime.date(2024, 10, 1)) == "๑ ตุลาคม พ.ศ. ๒๕๖๗"

    def test_empty_values_render_nothing(self):
        assert render("{{ d|thai_date }}|{{ d|fiscal_year_label }}|{{ d|official_date }}", "th", d=None) == "||"
