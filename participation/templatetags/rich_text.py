from django import template
from django.utils.safestring import mark_safe

from participation.text import render_markdown

register = template.Library()


@register.filter
def markdown(value):
    """Render staff-written Markdown as sanitised HTML."""
    return mark_safe(render_markdown(value or ""))  # noqa: S308 — sanitised by nh3 in render_markdown
