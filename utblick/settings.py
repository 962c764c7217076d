"""Utblick's one settings module. Every environment variable is documented where it is read."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from utblick.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# UTBLICK_VAR_DIR: where the SQLite database, collected static files and logs live.
VAR_DIR = Path(env_str("UTBLICK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# DEBUG: development only; never on a served instance.
DEBUG = env_bool("DEBUG", False)
# SECRET_KEY (or SECRET_KEY_FILE): 50 or more random characters, required unless DEBUG is on.
# Without it, the instance's own key in var/secret-key is used: `make` writes one on first
# install, so a local instance starts with a random key and no step of its own.
DEVELOPMENT_SECRET_KEY = "utblick-development-key-not-for-production-use-0123456789"
INSTANCE_SECRET_KEY_FILE = VAR_DIR / "secret-key"
SECRET_KEY = env_str("SECRET_KEY", "").strip()
if not SECRET_KEY and INSTANCE_SECRET_KEY_FILE.is_file():
    SECRET_KEY = INSTANCE_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set, or is the development key, and DEBUG is off. Set SECRET_KEY "
        "(or SECRET_KEY_FILE) to 50 or more random characters, for example the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
# ALLOWED_HOSTS: comma-separated host names the site answers to.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# PORT: the port `make run` and scripts/serve listen on (127.0.0.1).
PORT = env_int("PORT", 8000)
# SITE_URL: the public address, used in e-mails and feeds; follows PORT unless set.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
# HTTPS: on by default (HTTPS redirect, secure cookies, HSTS). Turn it off only for a
# plain-HTTP set-up such as `make run` on loopback: HTTPS=off.
HTTPS = env_bool("HTTPS", not DEBUG)
# HSTS_SECONDS: how long browsers remember to use HTTPS only (default one year; 0 turns it off).
HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "ninja",  # serves the API docs' scripts from static files (the CSP allows no CDN)
    "axes",
    "utblick.core",
    "utblick.reference",
    "utblick.organisation",
    "utblick.policy",
    "utblick.registers",
    "utblick.planning",
    "utblick.monitoring",
    "utblick.routines",
    "utblick.reporting",
    "utblick.api",
    "utblick.imports",
    "utblick.privacy",
    "utblick.tenants",
    "utblick.web",
    "utblick.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "utblick.web.middleware.SlidingSessionMiddleware",
    # Swedish unless the user chose English (Django's LocaleMiddleware would follow the
    # browser's Accept-Language and show English to most browsers).
    "utblick.web.middleware.ChosenLanguageMiddleware",
    "utblick.web.middleware.OrganisationWordsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "utblick.web.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "utblick.web.middleware.MembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "utblick.urls"
WSGI_APPLICATION = "utblick.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "utblick.web.context_processors.navigation",
            ],
        },
    }
]

# DATABASE_URL: the database; SQLite in var/ by default, e.g. postgres://user:pw@host:5432/utblick.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'utblick.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES and told so in Swedish
# (status 429). Locking the pair, not the account, keeps a stranger from locking a colleague out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in through a tenant's own identity provider (its settings in tenants.IdentityProvider).
    "utblick.tenants.oidc.TenantOIDCBackend",
]
OIDC_AUTHENTICATION_CALLBACK_URL = "signin:callback"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# AXES_FAILURE_LIMIT: wrong passwords in a row before the lockout (default 5).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# AXES_COOLOFF_MINUTES: how long a lockout lasts (default 15 minutes).
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "utblick.web.views.account.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# PASSWORD_RESET_LIMIT: reset e-mails asked for per hour, per address asked about and per
# client address (default 5); more are refused with a Swedish message (status 429).
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"
# SESSION_COOKIE_AGE: seconds of inactivity before a sign-in expires (default 8 hours).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# The inactivity timeout slides, but a page view does not write its session: the session is
# saved again only when its last save is SESSION_REFRESH_SECONDS old (default 5 minutes), so a
# sign-in expires between SESSION_COOKIE_AGE minus that and SESSION_COOKIE_AGE after the last
# request (utblick.web.middleware.SlidingSessionMiddleware).
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 300)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Over HTTPS (see HTTPS above): cookies only over HTTPS, plain HTTP redirected, HSTS.
# Behind a TLS-terminating proxy, gunicorn trusts X-Forwarded-Proto from 127.0.0.1.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HSTS_SECONDS > 0
X_FRAME_OPTIONS = "DENY"
# A refused form (an expired page or session) explained in the interface's words and styles.
CSRF_FAILURE_VIEW = "utblick.web.views.pages.csrf_failure"
# Content-Security-Policy: scripts, styles and images only from this site; no inline script or
# style anywhere (a test scans the templates), no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "utblick" / "locale"]
# ISO dates (2026-11-22) in both languages; see utblick/web/formats/.
FORMAT_MODULE_PATH = ["utblick.web.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# IMPORT_UPLOAD_DIR: where uploaded import files wait between preview and confirmation.
IMPORT_UPLOAD_DIR = Path(env_str("IMPORT_UPLOAD_DIR", str(VAR_DIR / "imports")))

# EMAIL_URL-style settings: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "utblick@localhost")

# The throttles' counters, shared by every gunicorn worker of the instance (files in var/).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background runs (report runs, web imports; utblick/core/runs.py): the worker beats every
# TASK_HEARTBEAT_SECONDS (default 3); a run silent for TASK_STALE_SECONDS (default 120, longer
# than the longest single write, a 3 000-row import on SQLite) is failed as "worker died"; a
# run going on for more than TASK_TIMEOUT_SECONDS (default 1800) is failed as too long.
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", 3)
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 120)
TASK_TIMEOUT_SECONDS = env_int("TASK_TIMEOUT_SECONDS", 1800)

# Reference data shipped with the project (municipalities, EU programmes).
REFERENCE_DATA_DIR = BASE_DIR / "utblick" / "reference" / "data"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every successful sign-in at INFO; lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
