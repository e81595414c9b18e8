"""Search pages timed whole, through Django's test client, against the configured database: median and p95
of each query class, national and one office, every kind and one kind at a time. Uncached (dummy cache),
DEBUG off, connections kept as production keeps them (DATABASE_CONN_MAX_AGE=60). The rate limit is left out:
without Redis its counters are rows, and the national-scale database is only read.

    DATABASE_URL=postgres://…/portal_bench .venv/bin/python bench/search_pages.py --office roiet1 [--runs 20]
        [--only "common"] [--queries]

--queries prints each page's SQL with its time; `manage.py bench_search --explain` prints the plans.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = {
    "rare": ["ดาวเทียมสมศรี", "12/2567", "อุตรดิตถ์ เขต 2 ร่วมลงนาม"],
    "common": ["โครงการ", "การประชุม", "ประชาชน"],
    "phrase": ["ห้องน้ำ โรงเรียน", "การรับฟังความคิดเห็น"],
    "latin": ["ITA", "school"],
    "thaidigit": ["๒๕๖๗"],
    "short": ["กข", "IT"],
}
KINDS = ["", "announcements", "feedback", "meetings"]


def setup():
    for name, value in {
        "DEBUG": "0",
        "CACHE_URL": "dummycache://",
        "SECRET_KEY": "bench-search-pages-" + "x" * 40,
        "ALLOWED_HOSTS": "*",
        "STATIC_MANIFEST": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from participation import ratelimit

    ratelimit.allow = lambda *args, **kwargs: True


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--office", default="", help="also the office's search (slug)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", default="", help="only the lines whose label contains this")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL and its time")
    options = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(secure=True, HTTP_X_FORWARDED_PROTO="https")
    paths = [("national", "/search/")] + ([("office", f"/{options.office}/search/")] if options.office else [])
    everything = []
    for group, texts in QUERIES.items():
        for text in texts:
            for where, path in paths:
                for kind in KINDS:
                    label = f"{group:9} {text[:20]:20} {where:8} {kind or 'all':13}"
                    if options.only and options.only not in label:
                        continue
                    params = {"q": text, **({"kind": kind} if kind else {})}
                    assert client.get(path, params).status_code == 200  # warm: the SQL kept per shape
                    timings = []
                    for _ in range(options.runs):
                        start = time.perf_counter()
                        client.get(path, params)
                        timings.append((time.perf_counter() - start) * 1000)
                    everything += timings
                    with CaptureQueriesContext(connection) as captured:
                        client.get(path, params)
                    print(
                        f"{label} med {statistics.median(timings):6.1f}  p95 {p95(timings):6.1f}  q={len(captured)}",
                        flush=True,
                    )
                    if options.queries:
                        for query in captured.captured_queries:
                            print(f"   [{query['time']}] {query['sql'][:300]}")
    if everything:
        print(f"ALL p95 {p95(everything):.1f} ms over {len(everything)}")


if __name__ == "__main__":
    main()
