import unicodedata

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participation import ratelimit
from participation.forms import PlainSelect


class LoginAttemptsMixin:
    """Slows down password guessing across every server process, counting only failed logins.

    Failures count per address and account (RATE_LIMITS["login"]) and per address alone
    (RATE_LIMITS["login_address"], larger: a school's or a carrier's whole staff may share one
    address). An attempt is counted before the password is checked, so that parallel guesses cannot
    slip past the limit, and given back when the login succeeds or was refused without a check.
    """

    # Seconds until a refused client may try again (None when the attempt was not refused).
    retry_after: int | None = None

    def _login_counters(self) -> list[tuple[str, str]]:
        address = ratelimit.client_address(self.request)
        # As the login field reads it (NFKC: a full-width "ｌ" is an "l"), so that look-alike spellings of
        # one account share its counter; casefolded, as spellings in another case may be tried too.
        username = unicodedata.normalize("NFKC", self.data.get("username") or "").strip().casefold()
        return [("login", f"{address}:{username}"), ("login_address", address)]

    def clean(self):
        if self.request is None:
            return super().clean()
        counters = self._login_counters()
        full = [scope for scope, key in counters if not ratelimit.allow(scope, key)]
        if full:
            # No password was checked: the refusal itself does not count.
            for scope, key in counters:
                ratelimit.refund(scope, key)
            self.retry_after = max(ratelimit.retry_after(scope) for scope in full)
            minutes = ratelimit.wait_minutes(self.retry_after)
            raise ValidationError(
                ngettext(
                    "Too many failed attempts to log in. Please try again in %(minutes)d minute.",
                    "Too many failed attempts to log in. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="rate_limited",
            )
        cleaned_data = super().clean()  # a wrong password raises, and its attempt stays counted
        for scope, key in counters:
            ratelimit.refund(scope, key)
        return cleaned_data


class LoginForm(LoginAttemptsMixin, AuthenticationForm):
    """The staff login form, with the hints a phone keyboard needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class AdminLoginForm(LoginAttemptsMixin, AdminAuthenticationForm):
    """The admin's login form, under the same limits as the portal's."""


class DesignSampleForm(forms.Form):
    """The fields of the design page (/design/), shown with the errors a wrong submission gets."""

    name = forms.CharField(label=_("Your name"), max_length=100, help_text=_("As it should appear in the reply."))
    email = forms.EmailField(label=_("E-mail address"), required=False, help_text=_("Optional."))
    kind = forms.ChoiceField(
        label=_("What kind of feedback is it?"),
        choices=[("opinion", _("Opinion")), ("question", _("Question")), ("complaint", _("Complaint"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    agree = forms.BooleanField(label=_("I have read the privacy notice"))


class OfficeFinderForm(forms.Form):
    """The national home's office finder: part of a name (Thai or English, full or short, or the address
    name) or of a province, and a province from the list. Works as a plain GET form, without JavaScript."""

    office = forms.CharField(label=_("Name or province"), required=False, max_length=100, widget=forms.SearchInput)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=PlainSelect)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *((name, name) for name in provinces)]
        self.fields["office"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["province"].widget.attrs["class"] = "form-select"

    def value(self, name: str) -> str:
        """The field's valid value, or "" (a province not in the list is ignored, never an error)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""
