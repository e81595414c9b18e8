"""Settings for the participation portal, read from environment variables.

Every value has a development default, so `make run` needs no configuration.
Production sets at least DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL;
README.md lists the rest.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import fonts
from portal.environment import cache_from_url, email_from_url, env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for development: a key that is obviously not a secret.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

# Rotating the key: the new one in SECRET_KEY, the old one here until sessions and links signed with it may
# go (README, runbook); signatures are checked against both, and made with the new one only.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ("localhost", "127.0.0.1", "[::1]") if DEBUG else ())
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "participation",
    "participation.network",
    "participation.meetings",
    "participation.feedback",
    "participation.cycle",
    "participation.hearings",
    "participation.surveys",
    "participation.groups",
    "participation.search",
    "participation.opendata",
    "participation.overview",
    "participation.notifications",
    "announcements",
    "portal",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin on the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "crispy_forms",
    "crispy_bootstrap5",
]

MIDDLEWARE = [
    # Request counts and latencies for /metrics/ (django-prometheus): first and last, to time everything.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request's id (from the proxy's X-Request-ID, or new) on every log line and every task it queues.
    "portal.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Reads of read-only requests from the replica, when there is one (DATABASE_REPLICA_URL).
    "portal.replicas.ReplicaMiddleware",
    # The API and the open data may be read from any web site's scripts (GET only, no credentials).
    "corsheaders.middleware.CorsMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, outside the page cache so
    # that a page from the cache gets them as a rendered one does (and the policy of this release).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the shared cache, before any middleware that reads the session.
    "portal.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Brotli, zstd or gzip, whichever the client accepts (static files come precompressed).
    "portal.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=0),
        "CONN_HEALTH_CHECKS": True,
    }
}
# A socket directory spelled as before, postgres://%2Fvar%2Frun%2Fpostgresql/name, still works.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
# A read replica (optional): the pages people only read are read from it, everything else from the primary
# (portal.replicas). A browser that has just sent a form reads the primary for REPLICA_PIN_SECONDS.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db_url("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASES["replica"]["HOST"] = unquote(DATABASES["replica"].get("HOST", ""))
DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
# Search's long statements are planned once per connection (participation.plannedsql); 0 behind a pooler
# that shares sessions between clients (PgBouncer in transaction mode).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache holds rate-limit counters and cached pages, so it must be shared by every
# server process: the database by default, Redis in production.
CACHES = {"default": cache_from_url(env.str("CACHE_URL", default="db://portal_cache"))}
# How long an anonymous public page may stay in the cache at most; every write to what it shows
# replaces it at once (participation.freshness). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 3600)
# The release's name (e.g. its commit), which keeps cached pages of one release from another's;
# empty: a digest of the project's files, taken once per process.
RELEASE = env.str("RELEASE", default="")

# --- Accounts ---------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

# --- Files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The Thai font of official documents comes from a Python package (portal/fonts.py).
STATICFILES_DIRS = [BASE_DIR / "static", (fonts.SARABUN_PREFIX, str(fonts.SARABUN_DIR))]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files: on the local disk (MEDIA_ROOT) unless S3_BUCKET names a bucket of an S3-compatible object
# store (django-storages). The bucket stays private: the portal serves every file itself after its checks,
# or, with S3_SIGNED_URL_SECONDS, redirects to a link signed for that many seconds after the same checks.
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
S3_SIGNED_URL_SECONDS = env.int("S3_SIGNED_URL_SECONDS", default=0)
if S3_BUCKET:
    default_storage_config = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": env.str("S3_REGION", default="") or None,
            # Empty: boto3 finds them itself (instance role, ~/.aws, AWS_* variables).
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            # Other S3-compatible servers (MinIO, Ceph) are usually addressed by path, not by bucket host name.
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path" if S3_ENDPOINT_URL else "") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": S3_SIGNED_URL_SECONDS or 60,
            "file_overwrite": False,
        },
    }
else:
    default_storage_config = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Where browsers are sent for a file with signed links (for the Content-Security-Policy's images).
S3_REDIRECT_ORIGINS = []
if S3_BUCKET and S3_SIGNED_URL_SECONDS:
    endpoint = urlparse(S3_ENDPOINT_URL or "https://s3.amazonaws.com")
    S3_REDIRECT_ORIGINS = [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://*.{endpoint.netloc}"]
STORAGES = {
    "default": default_storage_config,
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; development serves
        # straight from the apps so a fresh checkout runs without that step.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# --- E-mail -----------------------------------------------------------------

_email = email_from_url(env.str("EMAIL_URL", default="console://" if DEBUG else "smtp://localhost:25"))
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("ADMINS")]
# Seconds a mail server may take to answer: a hung server must not hold a task past TASK_STALE_AFTER
# (another worker would then send the message again).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- Security ---------------------------------------------------------------

# The portal runs behind a TLS-terminating proxy in production; the proxy
# sets X-Forwarded-Proto, and only then may Django trust it.
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$", r"^metrics/$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): pages load only the portal's own files. No inline script or
# style anywhere (tests/test_headers.py renders the pages and looks), so neither needs a nonce and a
# cached page is as valid as a rendered one. `data:` images: Bootstrap draws its form controls with
# SVG data URIs in its stylesheet. The admin works under it too: its scripts are files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Pictures come from the bucket itself when the portal redirects to signed links.
        "img-src": [SELF, "data:", *S3_REDIRECT_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if SECURE_SSL_REDIRECT else {}),
    }
}
# Permissions-Policy (django-permissions-policy): no page asks for any of these, so none may.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# --- Site pieces ------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# Logs go to standard error (the journal, under systemd): plain text, or one JSON object per line with
# LOG_FORMAT=json for a log collector. Every line carries the id of the request (or task) it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "participation.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env.str("LOG_FORMAT", default="text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# /metrics/ (Prometheus): with METRICS_TOKEN, for whoever sends it as a bearer token; without, only for direct
# calls (not through the proxy) from these addresses. PROMETHEUS_MULTIPROC_DIR adds up gunicorn's workers.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ADDRESSES = env_list("METRICS_ADDRESSES", ("127.0.0.1", "::1"))
# /readyz/ answers 503 when more tasks than this wait to run (0: the backlog is shown, never refused).
READY_TASK_BACKLOG_MAX = env.int("READY_TASK_BACKLOG_MAX", default=10_000)

# Error reporting (optional): set SENTRY_DSN and errors go to Sentry (or a compatible service), without
# personal data; SENTRY_TRACES_SAMPLE_RATE above 0 sends that share of requests' timings too.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=RELEASE or None,
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# Development and tests serve static files from the apps; the folder exists only after collectstatic.
WHITENOISE_USE_FINDERS = True
# Hashed names and the font are kept by browsers for good (a year and more).
WHITENOISE_IMMUTABLE_FILE_TEST = fonts.immutable_file_test

# Uploads: limits per file and per announcement (bytes, count).
ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = env.int("ANNOUNCEMENT_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ANNOUNCEMENT_ATTACHMENTS_MAX = env.int("ANNOUNCEMENT_ATTACHMENTS_MAX", default=10)
ANNOUNCEMENT_COVER_MAX_BYTES = env.int("ANNOUNCEMENT_COVER_MAX_BYTES", default=5 * 1024 * 1024)
OFFICE_EMBLEM_MAX_BYTES = env.int("OFFICE_EMBLEM_MAX_BYTES", default=2 * 1024 * 1024)

# Background tasks (e-mail and other work a request must not wait for): stored in the
# database and run by `python manage.py db_worker`. TASKS_BACKEND=immediate runs them
# inside the request instead (development without a worker, tests).
TASKS = {
    "default": {
        "BACKEND": {
            # django-tasks-db's, keeping the queuing request's id with each task (portal.observability).
            "database": "portal.observability.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env.str("TASKS_BACKEND", default="database")]
    }
}
# The worker (`manage.py run_worker`, participation/worker.py). A task still RUNNING this many seconds
# after it started belongs to a worker that died and is run again: keep it well above the longest task.
TASK_STALE_AFTER = env.float("TASK_STALE_AFTER", default=600)
# A task failing for a passing reason (database, network, mail server) is tried this many times in all,
# the retries waiting TASK_RETRY_DELAY seconds, doubled each time up to TASK_RETRY_DELAY_MAX.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=5)
TASK_RETRY_DELAY = env.float("TASK_RETRY_DELAY", default=30)
TASK_RETRY_DELAY_MAX = env.float("TASK_RETRY_DELAY_MAX", default=3600)
# The national overview refreshes an office's stored figures this many seconds after the first write
# of a burst (later writes of the burst wait for the same refresh); `refresh_overview` runs nightly.
OVERVIEW_REFRESH_DELAY = env.float("OVERVIEW_REFRESH_DELAY", default=60)

MEETING_FILE_MAX_BYTES = env.int("MEETING_FILE_MAX_BYTES", default=10 * 1024 * 1024)
MEETING_FILES_MAX = env.int("MEETING_FILES_MAX", default=40)
HEARING_FILE_MAX_BYTES = env.int("HEARING_FILE_MAX_BYTES", default=10 * 1024 * 1024)
HEARING_FILES_MAX = env.int("HEARING_FILES_MAX", default=10)
NETWORK_IMPORT_MAX_BYTES = env.int("NETWORK_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)

# The portal's public address, for links in e-mail (which has no request to take it from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Days the link of a request for e-mail updates works; a request not confirmed by then is deleted.
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=7)

# The proxy header to trust for the client's address (empty: use the connection's own address).
TRUSTED_PROXY_HEADER = env.str("TRUSTED_PROXY_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
FEEDBACK_MIN_SECONDS = env.int("FEEDBACK_MIN_SECONDS", default=3)  # faster than this is a robot
FEEDBACK_FILE_MAX_BYTES = env.int("FEEDBACK_FILE_MAX_BYTES", default=5 * 1024 * 1024)
FEEDBACK_FILES_MAX = env.int("FEEDBACK_FILES_MAX", default=3)

# Upload limits, enforced while the body is read (participation.uploadhandlers): a body larger than this is
# refused before it is read (413); a file past the largest per-file limit above is dropped as it arrives and
# refused by its form. UPLOAD_REQUEST_MAX_BYTES must match the proxy's client_max_body_size
# (deploy/nginx/portal.conf); anonymous senders only have the feedback form, which takes far less.
UPLOAD_REQUEST_MAX_BYTES = env.int("UPLOAD_REQUEST_MAX_BYTES", default=128 * 1024 * 1024)
PUBLIC_UPLOAD_REQUEST_MAX_BYTES = env.int("PUBLIC_UPLOAD_REQUEST_MAX_BYTES", default=32 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "participation.uploadhandlers.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file up to this size stays in memory while the request runs; a larger one goes to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# The form's text fields (files not counted): long announcement bodies fit many times over.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# Abuse limits, {scope: (attempts, window in seconds)}, counted by participation.ratelimit and
# shared by all server processes. Many honest people share one address (a school's network, a mobile
# carrier's NAT): so only what should count is counted — accepted feedback and registrations, failed
# tracking look-ups, failed logins — and the per-address limits leave room for a whole school, while
# what one person could abuse is held closer (repeats of one message are refused by the feedback
# duplicate check; logins per address and account; receipts per e-mail address).
_feedback_window = env.int("FEEDBACK_RATE_WINDOW", default=600)
_login_window = env.int("LOGIN_RATE_WINDOW", default=900)
RATE_LIMITS = {
    # Feedback accepted from one address: a class sending opinions together stays under it.
    "feedback": (env.int("FEEDBACK_RATE_LIMIT", default=30), _feedback_window),
    # Tracking codes that matched nothing (80 random bits: the limit is against scraping, not guessing).
    "track": (env.int("TRACKING_RATE_LIMIT", default=60), _feedback_window),
    # Registrations accepted from one address: a school signing its teachers up for a seminar.
    "register": (env.int("REGISTRATION_RATE_LIMIT", default=50), _feedback_window),
    # Hearing comments accepted from one address, as feedback.
    "comment": (env.int("COMMENT_RATE_LIMIT", default=30), _feedback_window),
    # Survey answers accepted from one address: a class answering together on the school's network.
    "survey": (env.int("SURVEY_RATE_LIMIT", default=60), _feedback_window),
    # Requests to join a working group from one address.
    "group_join": (env.int("GROUP_JOIN_RATE_LIMIT", default=10), _feedback_window),
    # Requests for e-mail updates from one address, and confirmation e-mails to one e-mail address.
    "subscribe": (env.int("SUBSCRIBE_RATE_LIMIT", default=20), _feedback_window),
    "subscribe_email": (
        env.int("SUBSCRIBE_EMAIL_RATE_LIMIT", default=3),
        env.int("RECEIPT_RATE_WINDOW", default=3600),
    ),
    # Failed logins per address and account, and per address whatever the account.
    "login": (env.int("LOGIN_RATE_LIMIT", default=10), _login_window),
    "login_address": (env.int("LOGIN_ADDRESS_RATE_LIMIT", default=100), _login_window),
    # Receipts mailed to one e-mail address: the form must not become a way to mail strangers.
    "receipt": (env.int("RECEIPT_RATE_LIMIT", default=3), env.int("RECEIPT_RATE_WINDOW", default=3600)),
    # Searches from one address: a person reads results between searches; a school shares one address.
    "search": (env.int("SEARCH_RATE_LIMIT", default=300), env.int("SEARCH_RATE_WINDOW", default=300)),
    # API requests and open data downloads per client address: a harvester paging through a dataset
    # at a few requests a second stays under it.
    "api": (env.int("API_RATE_LIMIT", default=600), env.int("API_RATE_WINDOW", default=60)),
}

# Open data (participation.opendata): the licence every dataset is published under, and who publishes
# it in the DCAT catalogue (empty: the portal's name).
OPEN_DATA_LICENSE_URL = env.str("OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/")
OPEN_DATA_LICENSE_NAME = env.str("OPEN_DATA_LICENSE_NAME", default="Creative Commons Attribution 4.0 (CC BY 4.0)")
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="")

# CORS (django-cors-headers): only the API and the open data, for reading.
CORS_URLS_REGEX = r"^/(?:en/)?(?:api|data)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After", "Content-Disposition")
CORS_PREFLIGHT_MAX_AGE = 86400

# `make bench` only: serve /bench-floor/, an "ok" through the whole middleware, to measure pages against.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)
