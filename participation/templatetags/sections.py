"""`{% section_url "feedback" office as url %}`: the address of a section another app registered
(participation.navigation), so a template links to another app's pages without naming its URLs."""

from django import template

from participation.navigation import section_url as registered_section_url

register = template.Library()


@register.simple_tag
def section_url(key: str, office) -> str:
    """The first page of the office's section `key`; empty when no app registered it."""
    return registered_section_url(key, office)
