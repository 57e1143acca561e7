"""Test settings: the production settings tuned for speed, nothing else changed.

The database comes from DATABASE_URL like everywhere else (PostgreSQL in CI, SQLite otherwise).
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="gbtp-test-media-"))

from gbtp.settings import *  # noqa: F403

# One media folder per test process: xdist workers inherit MEDIA_ROOT from the controller, and tests
# that compare the files in storage before and after must not see each other's uploads.
MEDIA_ROOT = MEDIA_ROOT / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The browser tests talk to the live server over plain http://localhost.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
