from django import template
from django.utils.safestring import mark_safe

from participation.text import render_markdown, with_lists

register = template.Library()


@register.filter
def markdown(value):
    """Render staff-written Markdown as sanitised HTML."""
    return mark_safe(render_markdown(value or ""))  # noqa: S308 — sanitised by nh3 in render_markdown


@register.filter
def markdown_lists(value):
    """Render staff-written Markdown whose lists may be typed one item a line (see `with_lists`)."""
    return mark_safe(render_markdown(with_lists(value or "")))  # noqa: S308 — sanitised by nh3 in render_markdown
