"""What every form of the portal shares: error messages that tell people what to do.

Django's own messages ("This field is required.", "Enter a valid email address.") say what went wrong
in words that fit any field; ours say what to do with this one ("Enter the subject of your feedback").
A form lists them per field in `error_texts`; fields it does not name get the defaults below, which
still point to the action.
"""

import copy
import html

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

EMAIL_FORMAT = _("Enter an e-mail address in the correct format, like name@example.com")
# A form's hidden values are missing or altered only when a page was kept open for long, saved, or forged.
STALE_FORM = _("The form was out of date. Check what you typed, then send it again.")
TOO_LONG = _("Shorten this to %(limit_value)d characters or fewer (it now has %(show_value)d).")


def default_texts(field: forms.Field) -> dict[str, str]:
    """Messages for a field no form named, by kind of field."""
    texts = {}
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
        texts["required"] = _("Choose one of the options.")
        texts["invalid_choice"] = _("Choose one of the options listed; the one sent is no longer offered.")
    elif isinstance(field, forms.FileField):
        texts["required"] = _("Choose a file.")
    elif isinstance(field, forms.BooleanField):
        texts["required"] = _("Tick this box to go on.")
    else:
        texts["required"] = _("Fill in this field.")
    if isinstance(field, forms.EmailField):
        texts["invalid"] = EMAIL_FORMAT
    elif isinstance(field, forms.URLField):
        texts["invalid"] = _("Enter a web address in the correct format, like https://www.example.go.th")
    elif isinstance(field, forms.IntegerField):
        texts["invalid"] = _("Enter a whole number in digits, like 12.")
    elif isinstance(field, forms.DateTimeField):
        texts["invalid"] = _("Enter a real date and time.")
    elif isinstance(field, forms.DateField):
        texts["invalid"] = _("Enter a real date.")
    return texts


def stock_messages(field: forms.Field) -> dict[str, str]:
    """Django's own messages of the field's class, which the defaults replace (a message the field was
    given on purpose stays)."""
    messages = {}
    for kind in reversed(type(field).__mro__):
        messages.update(getattr(kind, "default_error_messages", {}))
    return messages


class HelpfulErrorsMixin:
    """Fills each field's error messages from `error_texts` ({field: {code: text}}, or {field: text} for
    `required` alone), and from `default_texts` where a form names none.

    Done once per form class, on the fields every form of the class copies (the texts are lazy, so one
    set serves every language): a form made on each request, such as the feedback form, pays nothing."""

    error_texts: dict[str, dict[str, str] | str] = {}

    def __init__(self, *args, **kwargs):
        form_class = type(self)
        if "_helpful_fields" not in form_class.__dict__:
            # Copies: a subclass shares its parent's field objects, and may name other texts for them.
            form_class.base_fields = {
                name: helpful_field(copy.deepcopy(field), form_class.error_texts.get(name, {}))
                for name, field in form_class.base_fields.items()
            }
            form_class._helpful_fields = True
        super().__init__(*args, **kwargs)


def helpful_field(field: forms.Field, named: dict[str, str] | str) -> forms.Field:
    if not isinstance(named, dict):
        named = {"required": named}
    stock = stock_messages(field)
    defaults = {
        code: text
        for code, text in default_texts(field).items()
        if code not in field.error_messages or field.error_messages[code] == stock.get(code)
    }
    field.error_messages = {**field.error_messages, **defaults, **named}
    field.validators = [
        MaxLengthValidator(validator.limit_value, message=TOO_LONG)
        if type(validator) is MaxLengthValidator and validator.message == MaxLengthValidator.message
        else validator
        for validator in field.validators
    ]
    return field


def _escaped(value) -> str:
    """`conditional_escape` without its lazy wrapper, which cost more than the escaping: text marked safe
    stays as it is, any other value is escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class PlainSelect(forms.Select):
    """A select written in Python: Django renders each option through a template of its own, which for
    the dozens of provinces cost more than the rest of the home's or the search page's form."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        options = "".join(
            f'<option value="{_escaped(key)}"{" selected" if str(key) == chosen else ""}>{_escaped(label)}</option>'
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, mark_safe(options))  # noqa: S308
