from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal import observability, sitemaps, views
from portal.forms import LoginForm
from portal.sitemaps import SITEMAPS

admin.site.site_header = _("Participation portal administration")
admin.site.site_title = _("Participation portal")
admin.site.index_title = _("Site administration")

manage_patterns = (
    [
        path("", views.manage_dashboard, name="dashboard"),
    ],
    "manage",
)

account_patterns = [
    path(
        "login/",
        views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", observability.readyz, name="readyz"),
    path("metrics/", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The read-only API speaks both languages in every answer: no language prefix.
    path("api/v1/", include("participation.opendata.api_urls")),
    path("sitemap.xml", require_safe(sitemap_views.index), {"sitemaps": SITEMAPS}, name="sitemap"),
    # The index links its sections by the name Django's own view has.
    path("sitemap-<section>.xml", require_safe(sitemaps.section), name="django.contrib.sitemaps.views.sitemap"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("design/", views.design_system, name="design"),
    path("accounts/", include(account_patterns)),
    path("manage/", include(manage_patterns)),
    # Before the apps' pages: /manage/notifications/ would otherwise read as an office's workspace.
    path("", include("participation.notifications.urls")),
    path("", include("announcements.urls")),
    path("", include("participation.meetings.urls")),
    path("", include("participation.feedback.urls")),
    path("", include("participation.network.urls")),
    path("", include("participation.cycle.urls")),
    path("", include("participation.hearings.urls")),
    path("", include("participation.surveys.urls")),
    path("", include("participation.groups.urls")),
    path("", include("participation.search.urls")),
    path("", include("participation.opendata.urls")),
    path("", include("participation.overview.urls")),
    # An office's home comes last: its first segment is any office's slug.
    path("", include("participation.urls")),
    prefix_default_language=False,
)

# A database out of reach answers 503 (try again), not 500, wherever it is noticed.
handler500 = "portal.views.server_error"
handler400 = "participation.uploadhandlers.bad_request"  # 413 for a body too large to read

if settings.BENCH_FLOOR:
    # Only for `make bench`, never in production: the page every other page is measured against
    # (first, or an office's address would take it).
    urlpatterns.insert(0, path("bench-floor/", views.bench_floor, name="bench_floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
