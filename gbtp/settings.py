"""Settings for GBTP Newsroom.

Every value that differs between a laptop trial and production is read from the environment here and
nowhere else. With DEBUG off the process refuses to start without the values production needs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only a DEBUG=true development run may start without one."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set; list the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used where a page or file needs absolute URLs.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NEWSROOM_NAME = _("경북테크노파크 뉴스룸")
# The press office as the footer, contact cards and press kits show it.
PRESS_OFFICE = {
    "name": os.environ.get("PRESS_OFFICE_NAME", "(재)경북테크노파크 홍보 담당"),
    "address": os.environ.get("PRESS_OFFICE_ADDRESS", "경상북도 경산시 삼풍로 27"),
    "phone": os.environ.get("PRESS_OFFICE_PHONE", "053-819-3000"),
    "email": os.environ.get("PRESS_OFFICE_EMAIL", ""),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_ckeditor_5",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    # Our apps, in the order of their dependencies (see docs/architecture.md).
    "audit",
    "core",
    "contacts",
    "sharing",
    "photos",
    "organisations",
    "events",
    "articles",
    "spokespeople",
    "presskits",
    "search",
    "distribution",
    "roles",
    "accounts",
    "demo",
    "backup",
    "desk",
    # The project itself, last: gbtp/admin.py composes the admins that span apps.
    "gbtp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.AdminStyleCSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Serves anonymous readers' public pages from the cache: needs the language and CSRF above,
    # and answers before anything below loads a user.
    "core.cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gbtp.urls"
WSGI_APPLICATION = "gbtp.wsgi.application"

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
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries only: JIT compilation costs more (hundreds of ms) than it saves here.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis, shared by every web process and task worker, when REDIS_URL is set (several
# processes need it: a change made in one must clear the pages the others serve); otherwise each
# process's own memory, which suits one process (`make run`).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Several newsrooms (or test runs) may share one Redis database.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gbtp"),
            # A stuck Redis slows a page by a second at most: the page is then rendered uncached.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous readers' public pages served from that cache (core/cache.py): cleared by every change,
# never kept past the next 보도시점 or the next time below, at most PAGE_CACHE_SECONDS.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Times (model.field) at which pages change by themselves besides release_at: "upcoming" events.
PAGE_CACHE_MOMENTS = ["events.Session.starts_at", "events.Session.ends_at"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # gbtp2026, 뉴스룸1234!: the words an attacker tries first against this organisation.
    {"NAME": "accounts.validators.OrganisationWordsValidator"},
]

# Accounts. Logins go through django-axes first (it refuses locked-out accounts and addresses), then
# Django's own user table.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# How many reverse proxies we run in front of the application. Each appends the address it saw to
# X-Forwarded-For, so the client is the N-th entry from the right; everything left of it was written
# by the client and is not believed. 0: no proxy, the socket address (REMOTE_ADDR) is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Lock-out after repeated wrong passwords, counted per account and, separately, per client address,
# so neither guessing one account from many addresses nor many accounts from one address goes on.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Axes' own access log would duplicate the audit trail, which already records every login and failure.
AXES_DISABLE_ACCESS_LOG = True
# accounts.admin shows the counters in Korean, with an audited 잠금 해제, instead of axes' own admin.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Two-factor login (TOTP, django-otp) for those who can publish or manage accounts; see accounts/.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "GBTP Newsroom")
# Staff sessions end after this much inactivity; readers' sessions (share links) are not affected.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))

# E-mail (password reset), as Django 6.1's MAILERS. Development prints messages to the console;
# production sends over SMTP to EMAIL_HOST (a local MTA by default).
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend == "django.core.mail.backends.smtp.EmailBackend":
    if env_bool("EMAIL_USE_TLS") and env_bool("EMAIL_USE_SSL"):
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
    }
# The sender of password-reset mail: the press office's address, else no-reply at the site's host.
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL")
    or PRESS_OFFICE["email"]
    or f"noreply@{ALLOWED_HOSTS[0].lstrip('.*') if ALLOWED_HOSTS else 'localhost'}"
)
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 3)))
# Workflow e-mails (검토 요청 to editors; 돌려보내기, 승인, 게시 to the writer), sent by the task
# worker (core/tasks.py). Off by default: nothing is queued unless this is on.
WORKFLOW_EMAILS = env_bool("WORKFLOW_EMAILS")
# Releases sent to journalists (distribution/): at most this many messages a second, so a relay's
# rate limits are kept and a list of hundreds goes out in under a minute.
DISTRIBUTION_RATE = float(os.environ.get("DISTRIBUTION_RATE", "10"))

# Korean first, English available; all dates and times in Korea Standard Time.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("영어"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# 24-hour Korean date and time formats for the admin (gbtp/formats/ko/formats.py).
FORMAT_MODULE_PATH = ["gbtp.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media (uploads, renditions, kits) live in MEDIA_ROOT unless STORAGE_BUCKET names a bucket of an
# S3-compatible object store (AWS S3, MinIO, Ceph, NCP/NHN object storage), shared by every machine.
STORAGE_BUCKET = os.environ.get("STORAGE_BUCKET", "")
# Files are served only after the app's public check (core/media.py): with local files behind
# nginx, by X-Accel-Redirect to this internal location (e.g. /_protected/; README, "Media");
# with object storage, by a redirect to a signed URL valid this many seconds. Neither: Python streams.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
if MEDIA_ACCEL_REDIRECT and not (
    MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured(
        "MEDIA_ACCEL_REDIRECT must start and end with '/', e.g. /_protected/."
    )
MEDIA_REDIRECT_SECONDS = int(os.environ.get("MEDIA_REDIRECT_SECONDS", "300"))
if STORAGE_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            # Empty: AWS itself, or credentials from the machine's role / the usual AWS_* variables.
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "access_key": os.environ.get("STORAGE_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_SECRET_KEY") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            # "path" for MinIO and most self-hosted stores; empty lets boto3 choose.
            "addressing_style": os.environ.get("STORAGE_ADDRESSING_STYLE") or None,
            "location": os.environ.get("STORAGE_PREFIX", ""),
            "signature_version": "s3v4",
            # Private objects: readers get short-lived signed URLs, after the public check.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": MEDIA_REDIRECT_SECONDS,
            # As on disk: a second file of the same name gets a new name, never replaces the first.
            "file_overwrite": False,
        },
    }
else:
    # Removes a half-written upload when the disk is full or read-only, and keeps names short.
    DEFAULT_STORAGE = {"BACKEND": "core.storage.SafeFileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are most of collectstatic's compression time and no reader needs them.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "map",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "br",
]

# Uploads: what a photo may be. 6000×4000 camera originals must pass; decompression bombs must not.
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", str(60_000_000)))
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(40 * 1024 * 1024)))
# A picture above this many pixels stored in fewer bytes per pixel than the minimum is refused:
# decoding it for web copies would take memory out of all proportion to its file (a bomb).
PHOTO_SPARSE_MAX_PIXELS = int(os.environ.get("PHOTO_SPARSE_MAX_PIXELS", str(16_000_000)))
PHOTO_MIN_BYTES_PER_PIXEL = float(os.environ.get("PHOTO_MIN_BYTES_PER_PIXEL", "0.02"))
# Pillow cannot decode WebP at a reduced size and holds about 15 bytes a pixel while decoding it
# (JPEG is decoded at 1/8 scale, PNG takes about 4): a lower limit keeps a web copy near 400 MB.
PHOTO_WEBP_MAX_PIXELS = int(os.environ.get("PHOTO_WEBP_MAX_PIXELS", str(25_000_000)))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Background work (press kit builds, ...) goes through Django's task framework. The database backend
# keeps the queue in PostgreSQL (SQLite for `make run`): a task enqueued inside a save's transaction
# exists exactly when the save commits, and `manage.py db_worker` runs it in another process or machine.
# Search indexing runs there too (queue `search`): Kiwi (~300 MiB) loads only in task workers that
# index, never in a web process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "kits", "search"],
    }
}

# 보도시점 (embargo) for 조간 (morning papers) and 석간 (evening papers), Korea time, HH:MM.
EMBARGO_MORNING_TIME = os.environ.get("EMBARGO_MORNING_TIME", "06:00")
EMBARGO_EVENING_TIME = os.environ.get("EMBARGO_EVENING_TIME", "12:00")

# Pre-publish checklist of a release, shown on 승인 and 게시 (articles.models.Article.publish_problems).
# Names of the checks that run, comma-separated. Blocking (refuse 승인 and 게시): contacts (no 담당자),
# photo_credit (a photo without 사진 출처 표기). Warnings: category, deck_length (over three printed
# lines), photo (none at all), lead. A check's weight is fixed: leaving a name out switches it off.
PUBLISH_CHECKS = env_list("PUBLISH_CHECKS", "contacts,photo_credit,category,deck_length,photo,lead")

# Rich text: CKEditor 5 in the admin; whatever it sends is cleaned with nh3 on the server.
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "ko",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "imageUpload",
            "insertTable",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "본문", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "소제목",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "작은 제목",
                    "class": "ck-heading_heading3",
                },
            ]
        },
        "image": {"toolbar": ["imageTextAlternative"]},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    }
}
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp"]
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "photos:editor_upload"

LOGIN_URL = "admin:login"

# Production hardening; `manage.py check --deploy` must stay clean with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content Security Policy: no inline or third-party script anywhere, admin included. Inline styles are
# allowed only under /admin/ (core.middleware.AdminStyleCSPMiddleware), where CKEditor 5 positions its
# toolbars and balloons with them; public pages use stylesheets only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *env_list("CSP_EXTRA_IMG_SRC")],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO; only their warnings matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
