from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation import ratelimit


class LoginForm(AuthenticationForm):
    """The staff login form, with the hints a phone keyboard needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean(self):
        # Guessing passwords is slowed down per address and account, across every server process.
        if self.request is not None:
            key = f"{ratelimit.client_address(self.request)}:{(self.data.get('username') or '').casefold()}"
            if not ratelimit.allow("login", key):
                raise ValidationError(
                    _("Too many attempts to log in. Wait a few minutes and try again."), code="rate_limited"
                )
        return super().clean()
