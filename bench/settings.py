"""The portal's own settings, with static files collected into the benchmark's temporary folder."""

import os

from portal.settings import *  # noqa: F403

STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
