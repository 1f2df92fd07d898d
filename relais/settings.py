"""One settings module, read from the environment.

Every deploy-time choice is an environment variable read through the typed helpers below;
the defaults are the embedded demo (SQLite and files under var/, console e-mail), so that
`make demo` needs nothing. Production sets RELAIS_DEMO=0 and the secrets.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"La variable d'environnement {name} est requise.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir 1/0 ou true/false, pas {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, pas {raw!r}.") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Demo mode: the embedded SQLite demo with printed passwords. Off in production.
DEMO_MODE = env_bool("RELAIS_DEMO", True)
DEBUG = env_bool("RELAIS_DEBUG", False)
VAR_DIR = Path(env_str("RELAIS_VAR_DIR", str(BASE_DIR / "var")))

if DEMO_MODE:
    SECRET_KEY = env_str("RELAIS_SECRET_KEY", "demo-only-insecure-key-" + "x" * 40)
    # Keyed hashes (NIR…) need their own key; the demo one is public on purpose.
    HASH_KEY = env_str("RELAIS_HASH_KEY", "demo-only-hash-key")
    # Bank details (FARE82) are encrypted with their own key; the demo one is public too.
    RELAIS_IBAN_KEY = env_str("RELAIS_IBAN_KEY", "demo-only-iban-key")
else:
    SECRET_KEY = env_str("RELAIS_SECRET_KEY")
    HASH_KEY = env_str("RELAIS_HASH_KEY")
    RELAIS_IBAN_KEY = env_str("RELAIS_IBAN_KEY")

ALLOWED_HOSTS = env_list("RELAIS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("RELAIS_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "relais.core",
    "relais.territory",
    "relais.accounts",
    "relais.people",
    "relais.audit",
    "relais.agenda",
    "relais.reception",
    "relais.rsa",
    "relais.programmes",
    "relais.aid",
    "relais.directory",
    "relais.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "relais.accounts.middleware.SessionLifetimeMiddleware",
    "relais.accounts.middleware.CurrentMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relais.urls"
WSGI_APPLICATION = "relais.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "relais.core.context_processors.relais",
                "relais.people.context_processors.people",
                "relais.agenda.context_processors.agenda",
                "relais.rsa.context_processors.rsa",
                "relais.programmes.context_processors.programmes",
                "relais.aid.context_processors.aid",
                "relais.reception.context_processors.reception",
            ],
        },
    },
]

FORM_RENDERER = "relais.core.forms.RelaisFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'relais.sqlite3'}"),
        conn_max_age=env_int("RELAIS_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the task worker and the web server share the demo database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Our queries are short and indexed: compiling them (JIT) cost more than running them
    # (1.1 s of 1.3 s for an indicator over the département, docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve the dashboards on PostgreSQL; SQLite keeps the key columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "first_name", "last_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after 10 failures for the same account from the same address (ANSSI guidance).
AXES_FAILURE_LIMIT = env_int("RELAIS_LOCKOUT_FAILURES", 10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the e-mail as "username" (Django's AuthenticationForm); axes would
# otherwise read USERNAME_FIELD ("email"), record failures without the account and never lock it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_COOLOFF_TIME = env_int("RELAIS_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Idle timeout: the cookie is renewed on each request and expires after this idle time.
SESSION_COOKIE_AGE = env_int("RELAIS_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime, whatever the activity: a shared reception desk must not stay logged in.
SESSION_ABSOLUTE_LIFETIME = env_int("RELAIS_SESSION_MAX_HOURS", 10) * 3600

SECURE_COOKIES = env_bool("RELAIS_SECURE_COOKIES", not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("RELAIS_SSL_REDIRECT", not DEMO_MODE)
SECURE_HSTS_SECONDS = env_int("RELAIS_HSTS_SECONDS", 0 if DEMO_MODE else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO_MODE
SECURE_HSTS_PRELOAD = not DEMO_MODE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# CSP is on in every mode (the demo included) so that a violation shows up in the browser
# tests rather than in production. Scripts need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "fr-fr"
# The interface is French; the public site pages and leaflets also speak these (sheet 2.3).
# The message ids are the French texts; locale/ holds the translations (.mo built by setup).
LANGUAGES = [("fr", "Français"), ("en", "English"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "build",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("moj", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# The demo and the tests serve straight from the finders; production runs collectstatic.
WHITENOISE_USE_FINDERS = env_bool("RELAIS_STATIC_FROM_FINDERS", DEMO_MODE)
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing.

# Uploaded documents: outside the static root, served only by an access-checked view.
DOCUMENTS_ROOT = Path(env_str("RELAIS_DOCUMENTS_DIR", str(VAR_DIR / "documents")))
DOCUMENT_MAX_BYTES = env_int("RELAIS_DOCUMENT_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("RELAIS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("RELAIS_FROM_EMAIL", "relais@departement.example")
RELAIS_SMS_BACKEND = env_str("RELAIS_SMS_BACKEND", "relais.core.sms.ConsoleBackend")

# Agendas: how far ahead free slots are materialised, and whether Whit Monday is worked
# (the "journée de solidarité" is a local choice).
RELAIS_AGENDA_HORIZON_DAYS = env_int("RELAIS_AGENDA_HORIZON_DAYS", 183)
RELAIS_WHIT_MONDAY_OFF = env_bool("RELAIS_WHIT_MONDAY_OFF", True)

# RSA pathway: the raw CAF flows are kept (under a random name, checksummed) for this long,
# then purged; the NIR is kept only as an HMAC with HASH_KEY.
RELAIS_IMPORTS_DIR = Path(env_str("RELAIS_IMPORTS_DIR", str(VAR_DIR / "imports")))
RELAIS_IMPORT_RETENTION_DAYS = env_int("RELAIS_IMPORT_RETENTION_DAYS", 365)
RELAIS_IMPORT_MAX_MB = env_int("RELAIS_IMPORT_MAX_MB", 2048)
# Insertion offer: an operator who has not answered a prescription after this many days
# is reminded (remind_prescriptions, daily).
RELAIS_PRESCRIPTION_REMINDER_DAYS = env_int("RELAIS_PRESCRIPTION_REMINDER_DAYS", 7)
# FARE82: the action sheet plans to open the fund to persons in joint support with France
# Travail (accompagnement global); off until the département decides it.
RELAIS_AID_JOINT_SUPPORT = env_bool("RELAIS_AID_JOINT_SUPPORT", False)

TASKS = {
    "default": {
        "BACKEND": env_str("RELAIS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The département's identity, shown in the header (not the State's: no DSFR, no crown).
RELAIS_DEPARTEMENT_NAME = env_str("RELAIS_DEPARTEMENT_NAME", "Département de Tarn-et-Garonne")
RELAIS_DEPARTEMENT_CODE = env_str("RELAIS_DEPARTEMENT_CODE", "82")
RELAIS_SERVICE_NAME = env_str("RELAIS_SERVICE_NAME", "Relais")
RELAIS_LOGO_URL = env_str("RELAIS_LOGO_URL", "")
# Absolute links in e-mails.
RELAIS_BASE_URL = env_str("RELAIS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Query strings may hold a searched name: the request logger keeps only path and status.
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "relais": {"handlers": ["console"], "level": env_str("RELAIS_LOG_LEVEL", "INFO")},
    },
}
