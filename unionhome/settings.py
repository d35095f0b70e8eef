"""Settings, read from the environment (django-environ).

With no environment at all this is the embedded default: SQLite file, Celery tasks run eagerly,
files on local disk, DEBUG on. ``DJANGO_DEBUG=0`` is the production mode (``check --deploy`` clean);
``DATABASE_URL`` switches to PostgreSQL and ``REDIS_URL`` to a Redis broker and cache.
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-unionhome-0123456789-abcdefghijklmnopqrstuvwxyz"
    if DEBUG
    else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "import_export",
    "treebeard",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "unionhome",  # the kernel: users, scope, audit trail; imports no domain app
    "branches",
    "democracy",
    "hardship",
    "ledgers",
    "assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "unionhome.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionhome.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "unionhome.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "unionhome.middleware.RequestLimitsMiddleware",  # last: its refusals get the headers above
]

ROOT_URLCONF = "unionhome.urls"

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
                "unionhome.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "unionhome.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A read replica (a PostgreSQL standby streaming from the primary) takes the reads of reports and
# exports (``unionhome.replica``); every write and every other read goes to the primary. In tests
# the replica is a mirror of the test database (physical replication copies it).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["unionhome.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "unionhome.User"
# The models the kernel reaches without importing their app (apps.get_model, as for AUTH_USER_MODEL):
# the roster entry a user may be linked to, the role a user holds at a unit, and the unit itself.
UNIONHOME_WORKER_MODEL = "branches.Worker"
UNIONHOME_APPOINTMENT_MODEL = "branches.Appointment"
UNIONHOME_UNIT_MODEL = "branches.Branch"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out clients before any password check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["unionhome.formats"]  # dates read YYYY-MM-DD in every language
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads (ID copies, diagnoses, evidence) live outside any public URL: MEDIA_URL is not
    # routed, files are only served by permission-checked views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Redis: broker and cache. Without it, tasks run eagerly in the web process and the cache is local.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
    # Sessions read from Redis and kept in the database: any web process serves any request, and
    # a Redis restart logs nobody out.
    SESSION_ENGINE = "unionhome.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a task whose worker died is delivered again
# The broker down: a web request gives up after a few seconds instead of hanging.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One queue per kind of work, each with its own workers (docker-compose.yml, docs/SCALING.md): a
# long import never holds up a notification. A worker started without -Q consumes all of them.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {name: {} for name in ("default", "imports", "documents", "notifications")}
CELERY_TASK_ROUTES = {
    "branches.tasks.roster_job_check": {"queue": "imports"},
    "branches.tasks.roster_job_import": {"queue": "imports"},
    "branches.tasks.roster_job_export": {"queue": "documents"},
    "unionhome.tasks.*": {"queue": "notifications"},
    "hardship.tasks.*": {"queue": "notifications"},
    "assessment.tasks.*": {"queue": "notifications"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["assessment-reminders"] = {
    "task": "assessment.tasks.send_reminders",
    "schedule": 24 * 3600,  # daily; each reminder goes out once per unit and period
}
CELERY_BEAT_SCHEDULE["hardship-end-due-notices"] = {
    "task": "hardship.tasks.end_due_notices",
    "schedule": 60 * 60,  # hourly: a notice ends on the first run after its last day
}
CELERY_BEAT_SCHEDULE["outbox-send"] = {
    "task": "unionhome.tasks.send_outbox",
    "schedule": 60,  # e-mails whose sending failed are retried with a growing delay
}
CELERY_BEAT_SCHEDULE["roster-jobs-reap"] = {
    "task": "branches.tasks.reap_stalled_jobs",
    "schedule": 60,  # fails jobs whose heartbeat stopped (UNIONHOME["JOB_STALLED_MINUTES"])
}
CELERY_BEAT_SCHEDULE["counters-fold"] = {
    "task": "branches.tasks.fold_counters",
    "schedule": 60,  # a subtree's pending counter changes are read with it until they are folded
}
CELERY_BEAT_SCHEDULE["hardship-review-reminders"] = {
    "task": "hardship.tasks.send_review_reminders",
    "schedule": 24 * 60 * 60,
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="unionhome@localhost")
# unionhome.outbox: a failed e-mail is tried again after 1, 2, 4… minutes, at most this many times.
OUTBOX_RETRY_SECONDS = 60
OUTBOX_MAX_ATTEMPTS = 10

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Two-factor authentication (TOTP) for district reviewers, union officers and administrators.
# On by default in production; the local demo (DJANGO_DEBUG=1) leaves it off unless asked.
UNIONHOME_REQUIRE_2FA = env.bool("UNIONHOME_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "职工之家"

# Login throttling (django-axes, unionhome/lockout.py), in two tiers. A username from one address
# is locked for AXES_COOLOFF_HOURS after AXES_FAILURE_LIMIT failures (the same username from
# another address is not, so nobody can lock an officer out by typing their name); an account is
# locked until an administrator clears it after UNIONHOME_ACCOUNT_FAILURE_LIMIT failures since its
# last login, from any addresses, at most AXES_FAILURE_LIMIT of them counted per address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
UNIONHOME_ACCOUNT_FAILURE_LIMIT = env.int("UNIONHOME_ACCOUNT_FAILURE_LIMIT", default=30)
# One address trying passwords on many usernames (spraying) is paused for AXES_COOLOFF_HOURS.
UNIONHOME_ADDRESS_FAILURE_LIMIT = env.int("UNIONHOME_ADDRESS_FAILURE_LIMIT", default=50)
AXES_HANDLER = "unionhome.lockout.LoginLockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure is kept: the account tier counts them
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt is not a new failure
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "unionhome.lockout.lockout_response"
# Behind the reverse proxy the client address is the last one the proxy appends to
# X-Forwarded-For; without a proxy (AXES_PROXY_COUNT=0) only REMOTE_ADDR is trusted.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Content-Security-Policy: no inline scripts or styles anywhere; charts get their data from json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Off only for a plain-HTTP load test on loopback (bench/load.py); never in a deployment.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler masks ID and mobile numbers in what it writes (unionhome/log_privacy.py).
    "filters": {"mask_personal_numbers": {"()": "unionhome.log_privacy.MaskPersonalNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_numbers"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Thresholds of the domain rules (docs/DOMAIN.md §1): data, never literals in templates or views.
UNIONHOME = {
    "ENROLMENT_TARGET": Decimal(env("UNIONHOME_ENROLMENT_TARGET", default="0.95")),  # 入会率
    "CARD_ISSUANCE_TARGET": Decimal(env("UNIONHOME_CARD_ISSUANCE_TARGET", default="1.00")),  # 发证率
    "WOMEN_COMMITTEE_MIN": 50,  # ≥ 50 women workers: 女职工委员会
    "WOMEN_GROUP_MIN": 3,  # 3–49: 女工小组
    "ROSTER_PAGE_SIZE": 50,
    # PIPL: closed hardship files lose their personal data this many years after closing
    # (manage.py purge_hardship_files --for-real).
    "HARDSHIP_RETENTION_YEARS": env.int("UNIONHOME_HARDSHIP_RETENTION_YEARS", default=3),
    # Roster Excel import/export: refusals before any reader runs, and the size above
    # which imports and exports run as background jobs.
    "IMPORT_MAX_ROWS": env.int("UNIONHOME_IMPORT_MAX_ROWS", default=200_000),
    "IMPORT_MAX_UPLOAD_BYTES": env.int("UNIONHOME_IMPORT_MAX_UPLOAD_BYTES", default=40 * 1024 * 1024),
    "IMPORT_MAX_UNCOMPRESSED_BYTES": env.int(
        "UNIONHOME_IMPORT_MAX_UNCOMPRESSED_BYTES", default=400 * 1024 * 1024
    ),
    "BACKGROUND_ROWS": env.int("UNIONHOME_BACKGROUND_ROWS", default=5000),
    # An import matching more ID numbers of other unions' members than this (or, beyond five, a
    # larger share of its rows) is refused as a whole and written to the access log.
    "IMPORT_OUTSIDE_MAX": env.int("UNIONHOME_IMPORT_OUTSIDE_MAX", default=20),
    "IMPORT_OUTSIDE_SHARE": Decimal(env("UNIONHOME_IMPORT_OUTSIDE_SHARE", default="0.5")),
    # A running job writes its progress and heartbeat this often; the reaper fails a checking or
    # running job silent for JOB_STALLED_MINUTES, and a queued one no worker took for JOB_QUEUED_MINUTES.
    "JOB_HEARTBEAT_SECONDS": env.int("UNIONHOME_JOB_HEARTBEAT_SECONDS", default=5),
    "JOB_STALLED_MINUTES": env.int("UNIONHOME_JOB_STALLED_MINUTES", default=10),
    "JOB_QUEUED_MINUTES": env.int("UNIONHOME_JOB_QUEUED_MINUTES", default=60),
    "COMMITTEE_TERM_YEARS": 5,  # default length of a committee's term (届)
    "TERM_DUE_SOON_DAYS": 90,  # a term ending within this many days is due for re-election
    # Which committees each kind of unit must elect (the women's body follows the women's rule).
    "COMMITTEES_REQUIRED": {"enterprise": ("union", "funds_review"), "branch": ("union",)},
    "WOMEN_BODY_KINDS": ("enterprise", "branch"),  # units the women workers' committee rule applies to
    "LEADERSHIP_GROUP_KINDS": ("enterprise",),  # units that run home-building with a leadership group
    "FUNDS_REMITTING_KINDS": ("enterprise",),  # units that remit union funds upward
    "WORKSHOP_POST_KINDS": ("branch",),  # units that fill the 两长六大员 posts
    # The dashboard's findings (docs/SCALING.md, "Findings"): a scope of more open units than this
    # reads them from the table the refresh writes every FINDINGS_REFRESH_MINUTES; a smaller one
    # computes them on each request.
    "FINDINGS_LIVE_MAX_UNITS": env.int("UNIONHOME_FINDINGS_LIVE_MAX_UNITS", default=300),
    "FINDINGS_REFRESH_MINUTES": env.int("UNIONHOME_FINDINGS_REFRESH_MINUTES", default=30),
}
CELERY_BEAT_SCHEDULE["findings-refresh"] = {
    "task": "branches.tasks.refresh_findings",  # every finding of the tree computed again
    "schedule": UNIONHOME["FINDINGS_REFRESH_MINUTES"] * 60,
}

SITE_NAME = _("Workers' Home")

# Requests refused before any view reads them (unionhome.middleware.RequestLimitsMiddleware): a body
# larger than the largest upload (the roster import; attachments and evidence take 10 MB) and its
# form, with 413; an address (path and query string) longer than UNIONHOME_MAX_URL_CHARS, with 414
# (gunicorn.conf.py lets longer request lines through to Django, which answers with its own page).
UNIONHOME_MAX_REQUEST_BYTES = max(UNIONHOME["IMPORT_MAX_UPLOAD_BYTES"], 10 * 1024 * 1024) + 1024 * 1024
UNIONHOME_MAX_URL_CHARS = 4096

# Plausible ages (in completed years, from the ID number) of a worker put on the roster by the
# worker form or the roster import (branches/rules/plausibility.py).
UNIONHOME_WORKER_AGE_RANGE = (
    env.int("UNIONHOME_WORKER_MIN_AGE", default=16),
    env.int("UNIONHOME_WORKER_MAX_AGE", default=70),
)

# Demo data, in order; each app adds its seeder (the first returns the context the others take).
UNIONHOME_DEMO_SEEDERS = [
    "branches.demo.organisation.seed",
    "branches.demo.committees.seed",
    "branches.demo.transfers.seed",
    "democracy.demo.seed",
    "hardship.demo.seed",
    "ledgers.demo.seed",
    "assessment.demo.seed",  # reads the other apps' demo data
    "branches.demo.findings.seed",  # keep last: computes the findings of all the demo data
]

# Who provides facts to the model-home assessment: "<app>.selectors.assessment_facts".
UNIONHOME_FACT_PROVIDERS = [
    "branches.selectors.assessment_facts",
    "democracy.selectors.assessment_facts",
    "hardship.selectors.assessment_facts",
    "ledgers.selectors.assessment_facts",
]
# Who provides findings to the federation dashboard: modules with findings(user, root) and
# FINDING_LABELS (branches/selectors/federation.py).
UNIONHOME_FINDING_PROVIDERS = ["branches.selectors.compliance", "ledgers.selectors", "assessment.findings"]
# Tables recomputed for the whole tree by the refresh of the findings, in its swap's transaction
# (docs/SCALING.md): dotted paths of functions called with no arguments.
UNIONHOME_REFRESH_TABLES = ["ledgers.tallies.refresh", "ledgers.calendar_table.refresh"]
UNIONHOME_2FA_URL = "/accounts/2fa/"

# Democratic management thresholds (docs/DOMAIN.md §2); defaults in democracy/rules.py, override here.
UNIONHOME_DEMOCRACY: dict = {}

# Secret and anonymous answers (unionhome/answer_once.py): a result is shown only once its round is
# closed and only where at least this many answers lie behind every figure.
UNIONHOME_MIN_ANSWERS = env.int("UNIONHOME_MIN_ANSWERS", default=5)
