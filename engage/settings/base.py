"""Settings shared by every environment; read from the environment via one Env()."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "engage"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The ground every module shares.
    "engage.core",
    "engage.accounts",
    "engage.university",
    "engage.taxonomy",
    # Domain modules.
    "partners",
    "placements",
    "science_shop",
    "engage.volunteering",
    "engage.impact",
    # The public face.
    "cms",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "engage.accounts.users_app.EngageUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django and friends.
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "engage.core.middleware.EngageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engage.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "engage.core.middleware.AdminContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login form's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # `ldate`: dates as each language writes them (lower-case Dutch months).
            "builtins": ["engage.core.templatetags.engage_dates"],
        },
    },
]

# SQLite when DATABASE_URL is unset: zero set-up. PostgreSQL in production and CI.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses locked-out accounts and addresses before any backend
# checks a password. Every login path (single sign-on included) keeps it first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_validators = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validators}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_validators}.MinimumLengthValidator"},
    {"NAME": f"{_validators}.CommonPasswordValidator"},
    {"NAME": f"{_validators}.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"

# Failed logins (django-axes): each account and each address is locked on its own
# after ENGAGE_LOGIN_FAILURE_LIMIT failures within the cool-off, for the cool-off.
AXES_FAILURE_LIMIT = env.int("ENGAGE_LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("ENGAGE_LOGIN_COOLOFF_MINUTES", default=15)
)
# A list: separate lockouts (a nested list would lock the combination only).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "engage.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "engage.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "engage.accounts.throttling.lockout_response"
# Trying again while locked does not extend the lock: it ends a cool-off after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the address's failures (else one own account resets them).
AXES_RESET_ON_SUCCESS = False
# No log of successful logins (personal data we do not need); coordinators see the
# current failures and locks in the admin (Settings > Login locks).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_HTTP_RESPONSE_CODE = 429
WAGTAILADMIN_USER_LOGIN_FORM = "engage.accounts.forms.AdminLoginForm"
# Password resets, site and admin, go through the task queue and are rate-limited.
_reset_form = "engage.accounts.forms.AdminPasswordResetForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = _reset_form
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "/"

# Internationalisation: English and Dutch from day one.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["engage.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Personal documents (signed agreements, Science Shop attachments and reports, kept
# uploads): outside MEDIA_ROOT, without a URL, served only by views that check
# permission. Behind nginx, set ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX to an `internal`
# location aliased to this folder and nginx sends the bytes (X-Accel-Redirect).
PRIVATE_MEDIA_ROOT = env.path(
    "DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media"
)
ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX = env("ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "engage.core.storage.PrivateMediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console in development unless EMAIL_URL says otherwise.
# Django 6.1's MAILERS, built from one EMAIL_URL (django-environ's email URL syntax).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": 30,
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="KU Leuven Engage <engage@kuleuven.be>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks-db's database backend, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Periodic work, queued by `manage.py run_scheduler` (run next to the workers):
# (task, every N seconds).
ENGAGE_PERIODIC_TASKS = [
    ("partners.tasks.send_agreement_reminders", 24 * 3600),
    ("engage.volunteering.tasks.run_periodic_work", 5 * 60),
    ("engage.core.tasks.purge_stale_uploads", 3600),
]

# Security headers every environment sends; production tightens cookies and HSTS.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions: logged out after 2 idle hours on the site, 1 in the admin, and at the
# latest 12 hours after logging in (Django's default was 14 days, never idle).
SESSION_COOKIE_AGE = env.int("ENGAGE_SESSION_MAX_HOURS", default=12) * 3600
ENGAGE_SESSION_IDLE_TIMEOUT = timedelta(
    minutes=env.int("ENGAGE_SESSION_IDLE_MINUTES", default=120)
)
ENGAGE_ADMIN_SESSION_IDLE_TIMEOUT = timedelta(
    minutes=env.int("ENGAGE_ADMIN_SESSION_IDLE_MINUTES", default=60)
)
# The public site needs no inline script: scripts carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Wagtail's admin still ships a few inline scripts and styles.
ENGAGE_ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
}

# Wagtail.
WAGTAIL_SITE_NAME = "KU Leuven Engage"
WAGTAILADMIN_BASE_URL = env("ENGAGE_BASE_URL", default="http://127.0.0.1:8000")
ENGAGE_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "csv", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would leak hashed emails to a third party (GDPR).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = True
# A new email address is confirmed by the old one (engage.accounts.services), so
# the admin's own account page does not change it: the site profile does.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"

# Engage's own knobs that are not office-tunable (those live in site settings).
ENGAGE_SIGNED_LINK_MAX_AGE_DAYS = env.int("ENGAGE_SIGNED_LINK_MAX_AGE_DAYS", default=30)
ENGAGE_UPLOAD_MAX_BYTES = env.int("ENGAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Imports (CSV/XLSX tables, referral packets): checked before anything is parsed.
ENGAGE_IMPORT_MAX_BYTES = env.int("ENGAGE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
ENGAGE_IMPORT_MAX_ROWS = env.int("ENGAGE_IMPORT_MAX_ROWS", default=10_000)
# An XLSX is a zip: its unpacked size and compression ratio are capped too.
ENGAGE_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "ENGAGE_IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024
)
ENGAGE_IMPORT_MAX_COMPRESSION_RATIO = 100
ENGAGE_REFERRAL_PACKET_MAX_BYTES = env.int(
    "ENGAGE_REFERRAL_PACKET_MAX_BYTES", default=30 * 1024 * 1024
)
# Rate limits (engage.core.ratelimit): {scope: (uses, seconds)} per key.
ENGAGE_RATE_LIMITS = {
    # Password reset links: per address asked for, and per client address.
    "password_reset.email": (3, 3600),
    "password_reset.address": (10, 3600),
}
# All uploads kept between two requests (forms being corrected, import previews)
# together stay under this; beyond it a file is not kept and the user is told.
ENGAGE_STASH_MAX_BYTES = env.int("ENGAGE_STASH_MAX_BYTES", default=200 * 1024 * 1024)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none).
ENGAGE_TRUSTED_PROXIES = env.int("ENGAGE_TRUSTED_PROXIES", default=0)
# Modules add their demo seeders here, in dependency order.
ENGAGE_DEMO_SEEDERS = [
    "engage.accounts.demo.seed",
    "cms.demo.seed",
    "partners.demo.seed",
    "placements.demo.seed",
    "science_shop.demo.seed",
    "engage.volunteering.demo.seed",
    "engage.impact.demo.seed",
    # Last: the home page links to what the modules created.
    "cms.demo.seed_home",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default sends "django" records to a console handler and to
        # the root's: each line (task status too) was printed twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "wagtail": {"level": "WARNING"},
        # Failed logins and lockouts are warnings; the start-up banner is not needed.
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
