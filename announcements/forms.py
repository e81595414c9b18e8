from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, Channel
from participation.fields import MultipleFileField, PrinciplesField, StakeholderGroupsField
from participation.fiscal import current_fiscal_year
from participation.forms import HelpfulErrorsMixin
from participation.models import StakeholderGroup
from participation.thai import official_number
from participation.uploads import IMAGE, check_upload


class AnnouncementForm(HelpfulErrorsMixin, forms.ModelForm):
    """Content of an announcement; its status is changed only by the publish and withdraw actions."""

    error_texts = {
        "kind": _("Choose whether it is an announcement or news"),
        "subject": _("Enter the subject of the announcement"),
        "body": _("Enter the text of the announcement"),
        "announced_on": {"required": _("Enter the date of the announcement"), "invalid": _("Enter a real date")},
    }

    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everywhere this announcement goes out, besides this website."),
    )
    principles = PrinciplesField()
    target_groups = StakeholderGroupsField(label=_("Target stakeholder groups"))
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("JPEG, PNG or WebP. It is re-encoded and its location and camera data are removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    version = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, pictures, Word, Excel, PowerPoint or OpenDocument files."),
    )

    class Meta:
        model = Announcement
        fields = [
            "kind",
            "number",
            "subject",
            "summary",
            "body",
            "announced_on",
            "signer_name",
            "signer_position",
            "cover_alt",
            "participation_level",
        ]
        widgets = {
            "announced_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["target_groups"].queryset = StakeholderGroup.objects.for_office(office)
        self.fields["files"].help_text = _("%(types)s; at most %(count)d files of %(size)d MB each.") % {
            "types": self.fields["files"].help_text,
            "count": settings.ANNOUNCEMENT_ATTACHMENTS_MAX,
            "size": settings.ANNOUNCEMENT_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        }
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at
            self.fields["channels"].initial = self.instance.channels
            self.fields["principles"].initial = self.instance.principles
            self.fields["target_groups"].initial = self.instance.target_groups.all()
        else:
            self.fields["signer_name"].initial = office.director_name
            self.fields["signer_position"].initial = office.director_position
        if not self.instance.cover_image:
            del self.fields["remove_cover"]

    def clean_number(self):
        return official_number(self.cleaned_data.get("number", ""))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        existing = self.instance.attachments.count() if self.instance.pk else 0
        limit = settings.ANNOUNCEMENT_ATTACHMENTS_MAX
        if existing + len(files) > limit:
            raise ValidationError(
                _("At most %(limit)d attachments per announcement: it has %(existing)d and you chose %(chosen)d."),
                code="too_many_files",
                params={"limit": limit, "existing": existing, "chosen": len(files)},
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload, max_bytes=settings.ANNOUNCEMENT_ATTACHMENT_MAX_BYTES))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            errors.append(_("No file was kept: choose the files again after fixing these."))
            raise ValidationError(errors)
        return checked

    def clean_cover(self):
        upload = self.cleaned_data.get("cover")
        if not upload:
            return None
        return check_upload(upload, max_bytes=settings.ANNOUNCEMENT_COVER_MAX_BYTES, kinds=frozenset({IMAGE}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error("cover_alt", _("Describe the picture for people who cannot see it."))
        return cleaned

    def content(self) -> dict:
        """The content fields for the services."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["channels"] = list(self.cleaned_data["channels"])
        data["principles"] = list(self.cleaned_data["principles"])
        return data


class PublishForm(HelpfulErrorsMixin, forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        choices=[("now", _("Publish now")), ("later", _("Schedule for a time"))],
        initial="now",
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Thai time. The announcement appears by itself at that time."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later" and not cleaned.get("publish_at"):
            self.add_error("publish_at", _("Choose the time to publish, or choose “Publish now”."))
        return cleaned

    def publish_time(self):
        return self.cleaned_data["publish_at"] if self.cleaned_data["when"] == "later" else None


class WithdrawForm(HelpfulErrorsMixin, forms.Form):
    error_texts = {"reason": _("Enter why the announcement is withdrawn; the public sees it")}

    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the announcement's page, which stays public and marked as withdrawn."),
    )


class ManageFilterForm(forms.Form):
    """Filters of the staff list; unknown values are ignored rather than failing the page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Announcement.Status.choices
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All"))] + Announcement.Kind.choices)
    year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_fiscal_year()
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        self.fields["year"].choices = [("", _("All"))] + [(year, year) for year in range(current + 1, current - 10, -1)]


class PublicFilterForm(ManageFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["q"]
