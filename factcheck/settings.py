"""All configuration comes from the environment, read here and nowhere else.

With nothing set the workbench runs embedded: SQLite, Celery tasks executed eagerly
in-process. ``DATABASE_URL`` switches to PostgreSQL (psycopg 3), ``REDIS_URL`` to a
Redis broker with separate worker processes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Production (PRODUCTION=true, as docker-compose sets) refuses to start without SECRET_KEY;
# a local checkout gets a development key so the README commands work with nothing set.
PRODUCTION = env.bool("PRODUCTION", default=False)
SECRET_KEY = env.str("SECRET_KEY") if PRODUCTION else env.str("SECRET_KEY", default="dev-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI / ReDoc bundles served from our own static files
    "simple_history",
    "django_htmx",
    "factcheck.apps.FactcheckConfig",
    "accounts",
    "idempotency",
    "claims",
    "reviewers",
    "exports",
    "publishing",
    "integrations",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "factcheck.middleware.DropMalformedSessionCookie",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "factcheck.middleware.CommonMiddleware",  # Django's, with 308 for a POST missing its slash
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

# --- Database -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
_db = DATABASES["default"]
if "postgresql" in _db["ENGINE"]:
    _db["ENGINE"] = "django.db.backends.postgresql"  # psycopg 3 is picked automatically
    _db.setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    _db["CONN_HEALTH_CHECKS"] = True
    # The search's bounded candidate read (claims.selectors.ranked_search: 1,000 matches, unordered) is a
    # LIMITed sequential scan for a common word; with synchronized scans (the server default) each scan of
    # a big table starts where the last one got to, so the same search ranked a different 1,000 claims and
    # showed a different top 50 on every request. Off for our sessions: every scan starts at the table's start.
    _pg_opts = _db.setdefault("OPTIONS", {})
    _pg_opts["options"] = f"{_pg_opts.get('options', '')} -c synchronize_seqscans=off".strip()
else:
    # SQLite: wait on locks instead of failing, and take the write lock at BEGIN so that
    # "read then write" transactions (claim-next) are serialised rather than deadlocking.
    _db.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
# Hot fixed statements (claim-next, API token lookup, the claim-next response) are prepared
# server-side once per connection (factcheck.db). Turn off behind a transaction-pooling proxy
# (pgbouncer) that cannot keep prepared statements. Read at call time.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ModelBackend with the permission set read in one query (and none for API token requests).
AUTHENTICATION_BACKENDS = ["accounts.backends.PermissionBackend"]

# Failed sign-ins (accounts.login_limits): per account and address, and per address, in windows of
# LOGIN_LOCKOUT_SECONDS; counted in the cache (Redis when configured).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=100)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files from the app folders directly (no collectstatic needed for the demo).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Upload limits: huge bodies get a clear 413/400, not a crash -------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=12 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
ARTICLE_MAX_CHARS = env.int("ARTICLE_MAX_CHARS", default=5_000_000)

# --- Security defaults (production-safe unless DEBUG) ----------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("SECURE_COOKIES", default=PRODUCTION):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Celery ----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Recovery (factcheck.sweeper): work unfinished for this long is queued again (or failed, after
# the attempts below); beat runs the sweep every SWEEP_SECONDS.
STUCK_AFTER_SECONDS = env.int("STUCK_AFTER_SECONDS", default=600)
EXTRACTION_MAX_ATTEMPTS = env.int("EXTRACTION_MAX_ATTEMPTS", default=3)
EXPORT_MAX_ATTEMPTS = env.int("EXPORT_MAX_ATTEMPTS", default=3)
EXPORT_HEARTBEAT_SECONDS = env.float("EXPORT_HEARTBEAT_SECONDS", default=5.0)
CELERY_BEAT_SCHEDULE = {
    "expire-leases": {
        "task": "reviewers.tasks.expire_leases",
        "schedule": timedelta(seconds=env.int("LEASE_SWEEP_SECONDS", default=60)),
    },
    "requeue-stuck": {
        "task": "factcheck.sweep",
        "schedule": timedelta(seconds=env.int("SWEEP_SECONDS", default=60)),
    },
    "retry-due-webhooks": {
        "task": "integrations.tasks.retry_due_webhooks",
        "schedule": timedelta(seconds=env.int("WEBHOOK_SWEEP_SECONDS", default=60)),
    },
    "refresh-dashboard": {
        "task": "desk.tasks.refresh_dashboard",
        "schedule": timedelta(seconds=env.int("DASHBOARD_REFRESH_SECONDS", default=300)),
    },
    "purge-idempotency-keys": {
        "task": "idempotency.tasks.purge_idempotency_keys",
        "schedule": timedelta(hours=1),
    },
}
# Longest task (an export of everything) is cut at TASK_TIME_LIMIT; a message taken by a worker that
# died comes back after the visibility timeout, which must exceed the longest task or a slow task is
# handed out twice. The sweeper recovers such work sooner (STUCK_AFTER_SECONDS).
CELERY_TASK_TIME_LIMIT = env.int("TASK_TIME_LIMIT", default=1800)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300),
    # Fail fast when Redis is down (the caller answers 503 or leaves the work to the sweeper).
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# --- Webhooks (integrations) -----------------------------------------------------------------
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600.0)
WEBHOOK_SECRET_GRACE_HOURS = env.float("WEBHOOK_SECRET_GRACE_HOURS", default=24.0)

# --- Idempotency-Key on API writes -------------------------------------------------------------
IDEMPOTENCY_KEY_TTL_HOURS = env.float("IDEMPOTENCY_KEY_TTL_HOURS", default=24.0)
# A request still "in flight" after this long is taken to have died; a retry may then run it.
IDEMPOTENCY_IN_FLIGHT_SECONDS = env.float("IDEMPOTENCY_IN_FLIGHT_SECONDS", default=120.0)

# --- "Has this been checked?" lookup ------------------------------------------------------------
# The sentence-embedding model (ONNX int8, built by `bash scripts/build_embedding_model.sh`); without it
# the lookup is lexical only.
EMBEDDING_MODEL_DIR = env.path("EMBEDDING_MODEL_DIR", default=BASE_DIR / "var" / "models" / "minilm-l6-int8")
LOOKUP_THRESHOLD = env.float("LOOKUP_THRESHOLD", default=0.0)  # 0: the measured default in integrations.lookup

# --- Cache: Redis when configured so throttling and locks are shared across machines ----
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
        # Redis away: fail in a second (throttling then lets requests through), not hang.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Product settings ------------------------------------------------------------------
# After extraction, the QUEUE_MAX_PER_ARTICLE highest-ranked claims of each article whose score reaches
# QUEUE_SCORE_THRESHOLD enter the review queue automatically (0 = no cap: every claim over the threshold).
QUEUE_SCORE_THRESHOLD = env.float("QUEUE_SCORE_THRESHOLD", default=0.5)
QUEUE_MAX_PER_ARTICLE = env.int("QUEUE_MAX_PER_ARTICLE", default=8)
LEASE_MINUTES = env.int("LEASE_MINUTES", default=30)
# The desk dashboard: figures over the last DASHBOARD_DAYS days, recomputed every DASHBOARD_REFRESH_SECONDS
DASHBOARD_DAYS = env.int("DASHBOARD_DAYS", default=90)
# Rating scale: (slug, label, ClaimReview ratingValue or None when it is off the true/false axis).
VERDICT_SCALE = [
    ("true", "True", 5),
    ("mostly-true", "Mostly true", 4),
    ("half-true", "Half true", 3),
    ("mostly-false", "Mostly false", 2),
    ("false", "False", 1),
    ("misleading", "Misleading", None),
    ("unverifiable", "Unverifiable", None),
]
# What each rating means: shown next to the scale on the verdict form and on the public pages.
VERDICT_RATING_DEFINITIONS = {
    "true": "The claim is accurate and nothing significant is missing.",
    "mostly-true": "The claim is accurate but needs clarification or additional information.",
    "half-true": "The claim is partly accurate but leaves out important details or takes things out of context.",
    "mostly-false": "The claim has an element of truth but ignores facts that would give a different impression.",
    "false": "The claim is not accurate.",
    "misleading": "The claim uses facts in a way that gives a false impression.",
    "unverifiable": "The available evidence can neither confirm nor refute the claim.",
}
# Until an admin saves the organisation settings (publishing.Organisation), these stand in.
CLAIMREVIEW_AUTHOR = {
    "@type": "Organization",
    "name": env.str("ORG_NAME", default="Factcheck Workbench Desk"),
    "url": env.str("ORG_URL", default="https://factcheck.example.org"),
}
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000")
EVIDENCE_CHECK_TIMEOUT = env.float("EVIDENCE_CHECK_TIMEOUT", default=5.0)
# The evidence link checker refuses private, loopback and link-local targets unless this is set
# (tests point it at a local http.server).
EVIDENCE_CHECK_ALLOW_PRIVATE = env.bool("EVIDENCE_CHECK_ALLOW_PRIVATE", default=False)

# --- REST framework --------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token authentication that reads the permission sets with the token (one statement).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.backends.TokenWithPermsAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON bodies with a clear 413 over DATA_UPLOAD_MAX_MEMORY_SIZE; upload endpoints add multipart.
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.LimitedJSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "factcheck.api.api_exception_handler",
    "PAGE_SIZE": 50,
    # DRF's throttles, but a request is let through (and logged) when the cache (Redis) is down.
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.throttling.AnonRateThrottle",
        "factcheck.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/min"),
        "user": env.str("THROTTLE_USER", default="6000/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck Workbench API",
    "DESCRIPTION": "Articles, extracted claims, the review queue, verdicts with evidence, and exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # No CDN: the docs pages load their JavaScript, CSS and favicon from this app's static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl null: Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # the API's one error body as a `default` response on every operation (factcheck.schema)
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "factcheck.schema.add_error_responses"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
