"""Settings for the benchmark floor: the project's own settings, with one extra URL.

Same middleware, templates, database and production switches as `gbtp.settings`; only the URLconf
differs (`bench/floor_urls.py`), so the floor view pays exactly what any request pays before and
after its view runs.
"""

from gbtp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
