"""RSS feeds of published announcements: one per office and one for all offices."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from announcements.models import Announcement
from participation.access import access_public_office
from participation.text import render_markdown

FEED_LENGTH = 30


class AllOfficesFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self):
        return _("Announcements of all offices")

    def link(self):
        return reverse("home")

    def description(self):
        return _("The latest announcements and news of every office on the participation portal.")

    def items(self):
        return Announcement.objects.live().filter(office__is_active=True).with_office().latest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        # Feed readers show the description as HTML: give them escaped text or sanitised markup only.
        if item.summary:
            return escape(item.summary)
        return Truncator(render_markdown(item.body)).chars(400, html=True)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.office.name

    def item_categories(self, item):
        return [item.get_kind_display()]

    item_guid_is_permalink = False

    def item_guid(self, item):
        # Stable whatever the language or host the feed was read through.
        return f"tag:participation-portal,2026:announcement-{item.pk}"


class OfficeFeed(AllOfficesFeed):
    def get_object(self, request, office):
        return access_public_office(office)

    def title(self, office):
        return _("Announcements of %(office)s") % {"office": office.name}

    def link(self, office):
        return reverse("announcements:list", kwargs={"office": office.slug})

    def description(self, office):
        return _("The latest announcements and news of %(office)s.") % {"office": office.name}

    def items(self, office):
        return Announcement.objects.for_office(office).live().with_office().latest_first()[:FEED_LENGTH]
