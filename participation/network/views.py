"""The stakeholder network in the staff workspace: groups, members, CSV import and export.

Members are personal data: these pages are for the office's staff and
director (and site administrators) only, and nothing here is public.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, ListView, View

from participation import services as office_services
from participation.converters import record_id
from participation.models import StakeholderGroup
from participation.network import csv_io as network_csv
from participation.network import services
from participation.network.forms import NetworkFilterForm, NetworkImportForm, NetworkMemberForm, StakeholderGroupForm
from participation.network.models import NetworkMember
from participation.views import OfficeStaffMixin

# At most this many problems are listed after a failed import; the rest are counted.
IMPORT_ERRORS_SHOWN = 200


def network_url(office) -> str:
    return reverse("network:manage", kwargs={"office": office.slug})


def members_of(office):
    """The office's members with their groups, in the order of the list and the export."""
    return (
        NetworkMember.objects.for_office(office)
        .select_related("group")
        .order_by("group__position", "group__name", "name", "organisation", "pk")
    )


class NetworkView(OfficeStaffMixin, ListView):
    template_name = "network/manage/network.html"
    section = "network"
    context_object_name = "members"
    paginate_by = 50

    def get_queryset(self):
        self.filters = NetworkFilterForm(self.request.GET, office=self.office)
        return self.filters.filter(members_of(self.office))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=self.filters,
            filter_query=query.urlencode(),
            groups=StakeholderGroup.objects.for_office(self.office)
            .annotate(active_members=Count("members", filter=Q(members__is_active=True)))
            .order_by("position", "name"),
        )
        return context


# --- Groups -------------------------------------------------------------------


class GroupFormView(OfficeStaffMixin, FormView):
    template_name = "network/manage/group_form.html"
    form_class = StakeholderGroupForm
    section = "network"

    def get_group(self) -> StakeholderGroup | None:
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_group() or StakeholderGroup(office=self.office)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.get_group()
        return context

    def save(self, data: dict) -> StakeholderGroup:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            group = self.save({name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The group “%(group)s” was saved.") % {"group": group.name})
        return redirect(network_url(self.office))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)


class GroupCreateView(GroupFormView):
    breadcrumb = gettext_lazy("New stakeholder group")

    def save(self, data):
        return office_services.group_create(office=self.office, actor=self.request.user, **data)


class GroupUpdateView(GroupFormView):
    breadcrumb = gettext_lazy("Edit stakeholder group")

    def get_group(self):
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(StakeholderGroup.objects.for_office(self.office), pk=self.kwargs["pk"])
        return self._group

    def save(self, data):
        return office_services.group_update(group=self.get_group(), actor=self.request.user, data=data)


# --- Members ------------------------------------------------------------------


class MemberFormView(OfficeStaffMixin, FormView):
    template_name = "network/manage/member_form.html"
    form_class = NetworkMemberForm
    section = "network"

    def get_member(self) -> NetworkMember | None:
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(office=self.office, instance=self.get_member())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.get_member()
        return context

    def save(self, data: dict) -> NetworkMember:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            member = self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(member)s” was saved.") % {"member": member})
        return redirect(network_url(self.office))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was saved yet: please correct the marked fields."))
        return super().form_invalid(form)


class MemberCreateView(MemberFormView):
    breadcrumb = gettext_lazy("New network member")

    def get_initial(self):
        initial = super().get_initial()
        # "Add a member" next to a group preselects it; the choices are the office's groups only.
        if record_id(self.request.GET.get("group")) is not None:
            initial["group"] = self.request.GET["group"]
        return initial

    def save(self, data):
        return services.member_create(office=self.office, actor=self.request.user, **data)


class MemberUpdateView(MemberFormView):
    breadcrumb = gettext_lazy("Edit network member")

    def get_member(self):
        if not hasattr(self, "_member"):
            self._member = get_object_or_404(
                NetworkMember.objects.for_office(self.office).select_related("group"), pk=self.kwargs["pk"]
            )
        return self._member

    def save(self, data):
        return services.member_update(member=self.get_member(), actor=self.request.user, data=data)


# --- CSV ----------------------------------------------------------------------


class NetworkImportView(OfficeStaffMixin, FormView):
    template_name = "network/manage/import.html"
    form_class = NetworkImportForm
    section = "network"
    breadcrumb = gettext_lazy("Import CSV")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            groups=list(StakeholderGroup.objects.for_office(self.office).order_by("position", "name")),
            columns=[
                {"key": key, "names": aliases, "required": key in network_csv.REQUIRED_COLUMNS}
                for key, aliases in network_csv.COLUMNS.items()
            ],
        )
        return context

    def form_valid(self, form):
        try:
            summary = services.members_import(
                office=self.office, actor=self.request.user, data=form.cleaned_data["file"], filename=form.filename
            )
        except services.MembersImportRejected as rejected:
            errors = rejected.parsed.errors
            messages.error(self.request, rejected.messages[0])
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    import_errors=errors[:IMPORT_ERRORS_SHOWN],
                    import_errors_hidden=max(0, len(errors) - IMPORT_ERRORS_SHOWN),
                    import_encoding=rejected.parsed.encoding,
                )
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "Imported %(total)d member from the file (read as %(encoding)s): %(created)d added, "
                "%(updated)d existing updated, %(unchanged)d already up to date.",
                "Imported %(total)d members from the file (read as %(encoding)s): %(created)d added, "
                "%(updated)d existing updated, %(unchanged)d already up to date.",
                summary.total,
            )
            % {
                "total": summary.total,
                "encoding": summary.encoding,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
        if summary.ignored_headers:
            messages.warning(
                self.request,
                _("These columns were not recognised and were not imported: %(columns)s.")
                % {"columns": ", ".join(summary.ignored_headers)},
            )
        return redirect(network_url(self.office))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was imported."))
        return super().form_invalid(form)


class NetworkExportView(OfficeStaffMixin, View):
    """The members (all, or those the list's filters show) as a CSV file that can be imported back."""

    def get(self, request, *args, **kwargs):
        filters = NetworkFilterForm(request.GET, office=self.office)
        members = filters.filter(members_of(self.office)).iterator(chunk_size=2000)
        response = HttpResponse(network_csv.export_members(members), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"network-{self.office.slug}.csv")
        # Personal data: not kept by browsers' or proxies' caches.
        response["Cache-Control"] = "private, no-store"
        return response
