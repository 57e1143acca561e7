"""Press kit builds as tasks of Django's task framework (run by `manage.py db_worker`)."""

import logging

from django.tasks import task
from django.utils import timezone

from presskits.services import kit_build_failed, kit_build_run, kit_refresh_due

logger = logging.getLogger(__name__)


@task(queue_name="kits")
def build_kit(build_id: int, refresh_after: str | None = None) -> bool:
    """Build one stored kit. Safe to run twice or on two workers: only one builds, once per change.

    `refresh_after` marks a build scheduled for a 보도시점 that adds to the kit. A failure is
    recorded on the kit and retried later with a growing delay; the worker goes on to the next task
    meanwhile.
    """
    if refresh_after is not None:
        kit_refresh_due(build_id, refresh_after)
    try:
        return kit_build_run(build_id)
    except Exception as error:
        delay = kit_build_failed(build_id, error)
        logger.exception("Press kit build %s failed", build_id)
        if delay is not None:
            build_kit.using(run_after=timezone.now() + delay).enqueue(build_id)
        raise
