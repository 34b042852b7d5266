"""OpenJobcenter settings: everything comes from the environment (see README, "Konfiguration").

Demo mode (``DEMO=on``, set by ``make run``) allows a development secret key and plain HTTP.
Outside demo mode the process refuses to start with a default ``SECRET_KEY`` or with ``DEBUG``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from openjobcenter.casefile.keys import parse_document_keys
from openjobcenter.env import env_bool, env_choice, env_int, env_list, env_rate, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEMO = env_bool("DEMO", default=False)
DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("OJC_TESTING", default=False)

DEMO_SECRET_KEY = "demo-insecure-secret-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_secret("SECRET_KEY") or (DEMO_SECRET_KEY if (DEMO or DEBUG) else "")

if not DEMO:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG=on is only allowed together with DEMO=on.")
    if not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set to a long random value outside demo mode."
        )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEMO else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "axes",
    "ninja",  # serves the API docs' Swagger UI from local static files (no CDN)
    "openjobcenter.core",
    "openjobcenter.accounts",
    "openjobcenter.audit",
    "openjobcenter.notifications",
    "openjobcenter.appointments",
    "openjobcenter.reception",
    "openjobcenter.statistics",
    "openjobcenter.assistant",
    "openjobcenter.casefile",
    "openjobcenter.video",
    "openjobcenter.messaging",
    "openjobcenter.cooperation",
    "openjobcenter.applications",
    "openjobcenter.pwa",
    "openjobcenter.jobs",
    "openjobcenter.folder",
    "openjobcenter.learning",
    "openjobcenter.elearning",
    "openjobcenter.employerservice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openjobcenter.core.middleware.TenantMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openjobcenter.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Nothing above reads the body; refusing here gives the 413 page the security headers.
    "openjobcenter.core.middleware.RequestSizeMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "openjobcenter.core.middleware.ErrorPageMiddleware",
]

ROOT_URLCONF = "openjobcenter.urls"
ASGI_APPLICATION = "openjobcenter.asgi.application"
WSGI_APPLICATION = "openjobcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openjobcenter" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openjobcenter.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openjobcenter.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
except Exception as exc:  # dj_database_url raises several types for malformed URLs
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the worker read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process: opening a PostgreSQL connection per request costs more than the request
    # itself under load, and a burst must wait for a connection instead of failing.
    DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 16, minimum=1)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DATABASE_POOL_SIZE),
        "max_size": DATABASE_POOL_SIZE,
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Redis, background tasks ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Fails soft: while Redis restarts, reads are misses instead of 500s (docs/operations.md).
    CACHES = {"default": {"BACKEND": "openjobcenter.core.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # A database cache is shared by the web server and the worker, so rate limits hold.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ojc_cache"}}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "openjobcenter.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
# Staff sessions end after this many seconds without a request.
STAFF_IDLE_TIMEOUT = env_int("STAFF_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_NAME = "ojc_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "ojc_csrftoken"

# Sign-in throttling (django-axes): a username+address pair is paused briefly after repeated
# failures, so guessing stops while the real user is locked out for minutes, not days.
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("SIGNIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openjobcenter.accounts.views.auth.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = env_bool("SIGNIN_THROTTLING", default=True)
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "OpenJobcenter"
# Django's admin never shows an authenticator's secret or QR code, not even to platform admins (who
# could otherwise copy anybody's second factor); django-otp then answers 403 on those admin views.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
]
LANGUAGES_BIDI = ["ar"]
LANGUAGE_COOKIE_NAME = "ojc_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "openjobcenter" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "openjobcenter" / "static", ("vendor", BASE_DIR / "var" / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Whole multipart requests (file uploads) may be this large; other bodies DATA_UPLOAD_MAX_MEMORY_SIZE.
UPLOAD_MAX_SIZE = env_int("UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024


# --- E-mail -----------------------------------------------------------------------------------
# EMAIL_URL names the mail server: smtp://host:25 (plain; ?tls=1 for STARTTLS), smtp+tls://host:587
# (STARTTLS), smtps://host:465 (implicit TLS), with user:password@ (URL-encoded) to sign in and
# ?timeout=SECONDS (default 10). console:// prints mails (demo default), locmem:// keeps them in
# memory (tests). Django 6.1 configures mail with MAILERS; the old EMAIL_BACKEND/EMAIL_HOST… are
# deprecated and must not be set next to it.
_SMTP_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtps": (465, False, True)}
_LOCAL_MAILERS = {"console", "locmem"}


def _email_settings(url: str, *, demo: bool) -> dict[str, object]:
    if not url:
        url = "console://" if demo else "smtp://localhost:25"
    parts = urlsplit(url)
    if parts.scheme in _LOCAL_MAILERS:
        return {"MAILERS": {"default": {"BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}}}
    return {"MAILERS": {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _smtp(parts)}}}


def _smtp(parts: SplitResult) -> dict[str, object]:
    # The password never appears in an error message: start-up errors end up in logs.
    shown = f"{parts.scheme}://{'…@' if '@' in parts.netloc else ''}{parts.netloc.rpartition('@')[2]}"
    if parts.scheme not in _SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtp+tls://, smtps://, console:// or locmem:// – got {shown!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL names no mail server – got {shown!r}")
    default_port, use_tls, use_ssl = _SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port – got {shown!r}") from None
    query = parse_qs(parts.query, keep_blank_values=True)
    if unknown := set(query) - {"tls", "timeout"}:
        raise ImproperlyConfigured(f"EMAIL_URL has unknown parameters {sorted(unknown)} – allowed: tls, timeout")
    tls = query.get("tls", ["0"])[-1].lower()
    if tls not in {"0", "1", "on", "off", "true", "false"}:
        raise ImproperlyConfigured(f"EMAIL_URL parameter tls must be 1 or 0 – got {tls!r}")
    use_tls = use_tls or tls in {"1", "on", "true"}
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_URL: smtps:// already encrypts; it cannot be combined with tls=1")
    timeout = query.get("timeout", ["10"])[-1]
    if not timeout.isdigit() or int(timeout) < 1:
        raise ImproperlyConfigured(f"EMAIL_URL parameter timeout must be a whole number of seconds – got {timeout!r}")
    return {
        "host": parts.hostname,
        "port": port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": int(timeout),
    }


globals().update(_email_settings(env_secret("EMAIL_URL"), demo=DEMO))
# Mail is sent by the worker, not during a request: links in it need the portal's public address.
PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000" if DEMO else "").rstrip("/")
if PUBLIC_URL and not PUBLIC_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"PUBLIC_URL must start with https:// – got {PUBLIC_URL!r}")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenJobcenter <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Integrations (used by later capabilities) ------------------------------------------------
BBB_API_URL = env_str("BBB_API_URL")
BBB_SECRET = env_secret("BBB_SECRET")
BBB_CHECKSUM_ALGORITHM = env_choice("BBB_CHECKSUM_ALGORITHM", "sha256", {"sha1", "sha256", "sha512"})
JITSI_URL = env_str("JITSI_URL")
JITSI_APP_ID = env_str("JITSI_APP_ID")
JITSI_APP_SECRET = env_secret("JITSI_APP_SECRET")
CLAMD_URL = env_str("CLAMD_URL")
# An open message thread asks for new messages this often (seconds; the answer is empty when nothing is new).
MESSAGING_POLL_SECONDS = env_int("MESSAGING_POLL_SECONDS", 15, minimum=1)
# Web Push (the installable app): the VAPID private key (PEM or base64url); demo mode makes one in var/.
VAPID_PRIVATE_KEY = env_secret("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT")  # e.g. mailto:it@jobcenter.example; default: DEFAULT_FROM_EMAIL
# The server posts notifications only to these push services (no requests to addresses a visitor picked).
PUSH_SERVICE_HOSTS = [
    host.strip()
    for host in env_str(
        "PUSH_SERVICE_HOSTS",
        "fcm.googleapis.com,updates.push.services.mozilla.com,push.services.mozilla.com,"
        "notify.windows.com,push.apple.com",
    ).split(",")
    if host.strip()
]
PUSH_ALLOW_LOCAL_ENDPOINTS = False  # tests only: a local stand-in for the browser's push service
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 60, minimum=1)
# Case file documents are encrypted at rest: ``id:base64key`` pairs, the first encrypts (docs/uploads.md).
DOCUMENT_KEYS = parse_document_keys(env_secret("DOCUMENT_KEYS"), demo=DEMO)
# Uploaded images larger than this many pixels are refused (decompression bombs).
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 50_000_000, minimum=1_000_000)
BOOKING_CHALLENGE = env_choice("BOOKING_CHALLENGE", "on", {"on", "off"}) == "on"

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "openjobcenter.core.views.errors.csrf_failure"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
if not DEMO:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# /metrics (Prometheus text) answers only with "Authorization: Bearer <METRICS_TOKEN>"; unset: 404.
METRICS_TOKEN = env_secret("METRICS_TOKEN")

# Public APIs and forms are rate-limited per client address (django-ratelimit).
RATELIMIT_ENABLE = env_bool("RATELIMITS", default=True)
RATELIMIT_VIEW = "openjobcenter.core.views.errors.ratelimited"
# Reverse proxies in front of the app that append to X-Forwarded-For (0 = none, direct access).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
RATELIMIT_IP_META_KEY = "openjobcenter.core.net.client_ip"
PUBLIC_API_RATE_LIMIT = env_rate("PUBLIC_API_RATE_LIMIT", "120/m")
# Bookings and moves through the API without a Bearer token, per client address.
BOOKING_API_RATE_LIMIT = env_rate("BOOKING_API_RATE_LIMIT", "30/h")
# Joining a walk-in queue through the API without staff sign-in, per client address.
RECEPTION_TICKET_RATE_LIMIT = env_rate("RECEPTION_TICKET_RATE_LIMIT", "10/h")

# The assistant keeps redacted questions for review this many days (0: none are kept; at most 30).
ASSISTANT_QUESTION_RETENTION_DAYS = env_int("ASSISTANT_QUESTION_RETENTION_DAYS", 0, minimum=0)
if ASSISTANT_QUESTION_RETENTION_DAYS > 30:
    raise ImproperlyConfigured(
        f"ASSISTANT_QUESTION_RETENTION_DAYS must be between 0 and 30 – got {ASSISTANT_QUESTION_RETENTION_DAYS}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = []

FORM_RENDERER = "openjobcenter.core.forms.KernFormRenderer"
