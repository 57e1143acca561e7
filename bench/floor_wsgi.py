"""WSGI entry point of the benchmark floor (see floor_settings.py); served like `gbtp.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
application = get_wsgi_application()
