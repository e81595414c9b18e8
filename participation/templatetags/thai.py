"""Template filters for Thai dates, Buddhist-era years, fiscal years and Thai digits.

{% load thai %}
{{ meeting.starts_at|thai_date }}          9 กันยายน 2562   (English pages: 9 September 2019)
{{ meeting.starts_at|thai_date:"short" }}  9 ก.ย. 62
{{ announcement.date|official_date }}     ๑๕ มิถุนายน พ.ศ. ๒๕๖๒ (always Thai: official documents)
{{ value|thai_digits }}                   ๑๒/๒๕๖๘
{{ some_date|be_year }}                   2562
{{ some_date|fiscal_year }}               2563 (9 Oct 2019 falls in FY 2563)
{{ some_date|fiscal_year_label }}         ปีงบประมาณ 2563
{{ office.name|thai_wrap }}               a heading that wraps only between Thai words (participation.wordbreak)
{% thai_wrap %}…{% endthai_wrap %}         the same for the text of what it encloses (translations with values)
"""

import datetime
import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from participation import thai, wordbreak
from participation.fiscal import be_year as _be_year
from participation.fiscal import fiscal_year_of

register = template.Library()


@register.filter
def thai_date(value, arg=""):
    """A date in the active language; Thai pages use Thai months and the Buddhist era."""
    return thai.localized_date(value, short=arg == "short")


@register.filter
def thai_datetime(value, arg=""):
    return thai.localized_datetime(value, short=arg == "short")


@register.filter
def official_date(value):
    if value in (None, ""):
        return ""
    return thai.thai_official_date(value)


@register.filter
def thai_digits(value):
    if value is None:
        return ""
    return thai.thai_digits(value)


@register.filter
def be_year(value):
    if value in (None, ""):
        return ""
    if isinstance(value, (datetime.date, int)):
        return _be_year(value)
    return _be_year(int(value))


@register.filter
def fiscal_year(value):
    if value in (None, ""):
        return ""
    return fiscal_year_of(value)


@register.filter
def fiscal_year_label(value):
    if value in (None, ""):
        return ""
    return thai.fiscal_year_label(value)


_TEXT_BETWEEN_TAGS = re.compile(r"(^|>)([^<]*)")


@register.filter(needs_autoescape=True)
def thai_digits_html(value, autoescape=True):
    """Thai digits in the text of HTML, leaving tags and their attributes alone; plain text is escaped first."""
    html = conditional_escape(value) if autoescape else str(value)
    return mark_safe(_TEXT_BETWEEN_TAGS.sub(lambda m: m.group(1) + thai.thai_digits(m.group(2)), str(html)))  # noqa: S308


@register.filter(needs_autoescape=True)
def thai_wrap(value, autoescape=True):
    """The text with its Thai words marked, so that a line breaks only between words (for headings)."""
    if value in (None, ""):
        return ""
    html = conditional_escape(value) if autoescape else str(value)
    return mark_safe(wordbreak.mark_words(str(html)))  # noqa: S308 (escaped above; only spans and <wbr> are added)


@register.tag(name="thai_wrap")
def do_thai_wrap(parser, token):
    """{% thai_wrap %}{% blocktranslate … %}…{% endblocktranslate %}{% endthai_wrap %}: its HTML, words marked."""
    nodelist = parser.parse(("endthai_wrap",))
    parser.delete_first_token()
    return ThaiWrapNode(nodelist)


class ThaiWrapNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return mark_safe(wordbreak.mark_words(self.nodelist.render(context)))  # noqa: S308 (rendered, so escaped)
