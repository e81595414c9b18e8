"""The error summary of a page whose form was sent with mistakes, and the "Error:" its title starts with.

base.html asks for both, so every page with a form gets them without each template listing its
forms: the forms are found among the page's context values (a form, or a formset, with errors).
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    anchor: str  # the id of the input to go to; empty for what belongs to the whole form


def forms_with_errors(context) -> list:
    """The bound forms and formsets of the page that have errors, in the order the view gave them.

    Only what was sent: forms of a POST, and forms sent by GET that ask for it (`error_summary = True`,
    e.g. the tracking-code form). Filters read from the address are left out: a stale link still shows
    its page, never an error page."""
    request = context.get("request")
    posted = request is None or request.method == "POST"
    found, seen = [], set()
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate lazy values such as the user.
        kind = type(value)
        if not issubclass(kind, (forms.BaseForm, BaseFormSet)) or id(value) in seen:
            continue
        if not posted and not getattr(value, "error_summary", False):
            continue
        seen.add(id(value))
        # Only forms the view already checked: checking one here could run queries the page did not plan.
        if value.is_bound and getattr(value, "_errors", None) is not None and not value.is_valid():
            found.append(value)
    return found


def anchor_of(field: forms.BoundField) -> str:
    """The id of the input a person should go to; the first option of a group of radio buttons or boxes."""
    if field.is_hidden:
        return ""
    if field.id_for_label:
        return field.id_for_label
    return f"{field.auto_id}_0" if field.auto_id else ""


def problems_of(form) -> list[Problem]:
    if isinstance(form, BaseFormSet):
        problems = [Problem(str(message), "") for message in form.non_form_errors()]
        for member in form.forms:
            problems += problems_of(member)
        return problems
    problems = [Problem(str(message), "") for message in form.non_field_errors()]
    for name in form.fields:
        if name in form.errors:
            problems += [Problem(str(message), anchor_of(form[name])) for message in form.errors[name]]
    return problems


@register.inclusion_tag("_error_summary.html", takes_context=True)
def error_summary(context):
    """The list of what to correct, each linked to its input; nothing when no form has errors."""
    problems = []
    for form in forms_with_errors(context):
        problems += problems_of(form)
    return {"problems": problems}


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when a form of the page has errors, so the title read first says so."""
    return _("Error:") + " " if forms_with_errors(context) else ""
