"""The public's side of e-mail updates: ask for them, confirm the request from the e-mail, and stop them.

No account and no JavaScript. The form answers the same whatever the address, so it never tells who
subscribes; it is limited per connection and per address like the other public forms. The link that
stops the updates works for a mail program's one-click POST (RFC 8058), which carries no CSRF token:
the signed link is what proves the request."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from participation import ratelimit
from participation.notices import update_source
from participation.notifications import services
from participation.notifications.forms import SubscribeForm
from participation.views import OfficeMixin


class SubscribeView(OfficeMixin, FormView):
    template_name = "notifications/public/subscribe.html"
    form_class = SubscribeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirm_days"] = services.confirm_days()
        return context

    def _refused(self, form, scope: str):
        seconds = ratelimit.retry_after(scope)
        minutes = ratelimit.wait_minutes(seconds)
        form.add_error(
            None,
            ngettext(
                "Many requests came from your connection or for this address. Please try again in %(minutes)d minute.",
                "Many requests came from your connection or for this address. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return ratelimit.refused(self.render_to_response(self.get_context_data(form=form)), seconds)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        address = ratelimit.client_address(request)
        if not ratelimit.allow("subscribe", address):
            ratelimit.refund("subscribe", address)
            form.is_valid()
            return self._refused(form, "subscribe")
        if not form.is_valid():
            ratelimit.refund("subscribe", address)  # a typo does not count
            response = self.form_invalid(form)
            response.status_code = 400
            return response
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.allow("subscribe_email", email):
            # The form must not become a way to fill a stranger's mailbox with confirmations.
            ratelimit.refund("subscribe_email", email)
            return self._refused(form, "subscribe_email")
        try:
            services.subscription_request(
                office=self.office, email=email, topics=form.cleaned_data["topics"], language=get_language()
            )
        except ValidationError as error:
            form.add_error(None, error)
            response = self.form_invalid(form)
            response.status_code = 400
            return response
        context = self.get_context_data(form=form, sent_to=email)
        return render(request, "notifications/public/subscribe_sent.html", context)


def _labels(topics) -> list:
    return [update_source(topic).label for topic in topics if update_source(topic)]


class ConfirmView(OfficeMixin, TemplateView):
    """The link of the confirmation e-mail shows a button (a mail scanner's GET confirms nothing); POST confirms."""

    template_name = "notifications/public/confirm.html"

    def get(self, request, *args, **kwargs):
        subscription, topics = services.subscription_for_confirm(office=self.office, token=kwargs["token"])
        if subscription is None:
            return self.invalid()
        return self.render_to_response(self.get_context_data(topics=_labels(topics)))

    def post(self, request, *args, **kwargs):
        try:
            subscription = services.subscription_confirm(office=self.office, token=kwargs["token"])
        except ValidationError:
            return self.invalid()
        context = self.get_context_data(
            topics=_labels(subscription.topic_list), confirmed=True, email=subscription.email
        )
        return self.render_to_response(context)

    def invalid(self):
        context = self.get_context_data(confirm_days=services.confirm_days())
        return render(self.request, "notifications/public/link_invalid.html", context, status=404)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(OfficeMixin, TemplateView):
    """GET: a page with one button. POST (the button, or a mail program's one-click request): stop at once."""

    template_name = "notifications/public/unsubscribe.html"

    def get(self, request, *args, **kwargs):
        genuine, subscription = services.subscription_for_stop(office=self.office, token=kwargs["token"])
        if not genuine:
            return self.invalid()
        return self.render_to_response(self.get_context_data(subscription=subscription))

    def post(self, request, *args, **kwargs):
        try:
            services.subscription_cancel(office=self.office, token=kwargs["token"])
        except ValidationError:
            return self.invalid()
        return self.render_to_response(self.get_context_data(stopped=True))

    def invalid(self):
        context = self.get_context_data(confirm_days=services.confirm_days())
        return render(self.request, "notifications/public/link_invalid.html", context, status=404)
