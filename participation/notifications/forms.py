"""Forms of notifications: they validate input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.notices import NOTICE_LABELS, update_sources
from participation.notifications.models import DEFAULT_DELIVERY, DELIVERY_CHOICES


class PreferencesForm(forms.Form):
    """For each kind of notice: e-mailed at once, in the daily e-mail, or not e-mailed."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NOTICE_LABELS.items():
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=[(choice.value, choice.label) for choice in DELIVERY_CHOICES[kind]],
                initial=current.get(kind, DEFAULT_DELIVERY[kind]),
                widget=forms.RadioSelect,
            )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    topics = forms.MultipleChoiceField(
        label=_("Send me"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what you want to receive.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = update_sources()
        self.fields["topics"].choices = [(source.key, source.label) for source in sources]
        self.fields["topics"].initial = [source.key for source in sources]
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
