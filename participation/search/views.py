"""Search pages: the whole portal (/search/), one office (/<office>/search/), the office's workspace
(/manage/<office>/search/), and the OpenSearch description browsers read to add the portal."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from participation import ratelimit, searching
from participation.models import Office
from participation.pagination import PageWindow, page_number
from participation.search.forms import SearchForm
from participation.views import OfficeMixin, OfficeStaffMixin

PER_KIND = 5  # results of each kind when searching everything
PER_PAGE = 20  # results of one kind per page


class SearchMixin:
    """Reads the query, refuses floods, and runs the search in `scope()`."""

    staff = False
    template_name = "search/results.html"

    def provinces(self) -> list[str]:
        return []

    def scope(self, values) -> searching.Scope:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET, staff=self.staff, provinces=self.provinces())
        values = self.form.values
        self.query = searching.parse_query(values.get("q", ""))
        if not self.query.is_empty and not self.staff:
            address = ratelimit.client_address(request)
            if not ratelimit.allow("search", address):
                seconds = ratelimit.retry_after("search")
                context = self.get_context_data(refused_minutes=ratelimit.wait_minutes(seconds))
                return ratelimit.refused(self.render_to_response(context), seconds)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = self.form.values
        typed = self.request.GET.get("q", "")
        context.update(
            form=self.form,
            query=self.query,
            shortened=len(" ".join(typed.split())) > searching.MAX_QUERY_LENGTH,
            short_terms=self.query.titles_only,
            action=self.request.path,
        )
        if self.query.is_empty or "refused_minutes" in kwargs:
            return context
        scope = self.scope(values)
        kind = searching.source(values.get("kind") or "")
        if kind is not None and (self.staff or not kind.staff_only):
            number = page_number(self.request)
            offset = (number - 1) * PER_PAGE
            hits, more = searching.search_kind(kind, self.query, scope, offset=offset, limit=PER_PAGE)
            query = self.request.GET.copy()
            query.pop("page", None)
            context.update(
                kind=kind,
                hits=hits,
                page_obj=PageWindow(number=number, has_more=more),
                is_paginated=more or number > 1,
                filter_query=query.urlencode(),
            )
        else:
            groups = searching.search_all(self.query, scope, per_kind=PER_KIND)
            query = self.request.GET.copy()
            query.pop("page", None)
            links = {}
            for registered, _hits, more in groups:
                if more:
                    query["kind"] = registered.key
                    links[registered.key] = f"?{query.urlencode()}"
            context.update(groups=[(r, hits, links.get(r.key, "")) for r, hits, _more in groups])
        return context


class SearchView(SearchMixin, TemplateView):
    """Everything public, of every office."""

    def provinces(self):
        offices = Office.objects.active().exclude(province="").order_by("province")
        return list(offices.values_list("province", flat=True).distinct())

    def scope(self, values):
        return searching.Scope(province=values.get("province") or "", fiscal_year=values.get("year"))


class OfficeSearchView(SearchMixin, OfficeMixin, TemplateView):
    """Everything public of one office."""

    def scope(self, values):
        return searching.Scope(office=self.office, fiscal_year=values.get("year"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["everywhere_url"] = reverse("search:search") + (f"?q={self.query.text}" if self.query.terms else "")
        return context


class ManageSearchView(SearchMixin, OfficeStaffMixin, TemplateView):
    """The office's records as this person may see them: drafts, internal meetings, the inbox
    (reports of misconduct only for those who handle them), the network."""

    staff = True
    section = "search"
    template_name = "search/manage.html"

    def scope(self, values):
        return searching.Scope(office=self.office, fiscal_year=values.get("year"), standing=self.standing)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("office", None)  # the slug from the URL: the workspace names its office manage_office
        return context


@require_safe
def opensearch(request):
    """The OpenSearch description: browsers offer the portal as a search engine."""
    search_url = request.build_absolute_uri(reverse("search:search"))
    body = render_to_string("search/opensearch.xml", {"search_url": search_url, "name": _("Participation portal")})
    return HttpResponse(body, content_type="application/opensearchdescription+xml; charset=utf-8")
