"""Run the background task worker that stays up (participation/worker.py says how)."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from participation.worker import SupervisedWorker, new_worker_id

LOGGERS = ["participation.worker", "django_tasks_db", "django_tasks", "django.tasks"]


class Command(BaseCommand):
    help = (
        "Run the background task worker (e-mail and other queued work). It survives database outages, "
        "runs again tasks left running by a worker that died and retries tasks that failed for a passing reason. "
        "SIGTERM or Ctrl+C stops it after the current task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default="default",
            help="Queues to work on, comma-separated; '*' for all (default: %(default)s)",
        )
        parser.add_argument(
            "--exclude-queues", default="", help="Queues to leave alone, comma-separated (only with --queue-name=*)"
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when no task is ready (default: %(default)s)",
        )
        parser.add_argument("--batch", action="store_true", help="Run the ready tasks, then stop")
        parser.add_argument("--max-tasks", type=valid_max_tasks, default=None, help="Stop after this many tasks")
        parser.add_argument(
            "--backend", type=valid_backend_name, default="default", dest="backend_name", help="The task backend"
        )
        parser.add_argument(
            "--worker-id", type=validate_worker_id, default=None, help="Unique id (default: host, process, random)"
        )
        parser.add_argument(
            "--no-startup-delay", action="store_false", dest="startup_delay", help="Start without a random delay"
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, **options):
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.hasHandlers():
                logger.addHandler(logging.StreamHandler(self.stdout))
        queue_names = queue_name.split(",")
        excluded = [name for name in exclude_queues.split(",") if name]
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            backend_name=options["backend_name"],
            worker_id=options["worker_id"] or new_worker_id(),
            startup_delay=options["startup_delay"],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            worker.reset_signals()
