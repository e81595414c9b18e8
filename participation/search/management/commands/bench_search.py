"""Time search in-process against the configured database: p50 and p95 of each query, and the
EXPLAIN ANALYZE plans of its SQL (PostgreSQL). For the national-scale data of `seed_scale`."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import searching
from participation.models import Office

QUERIES = {
    "rare": ["สมศรีดาวเทียม", "12/2567", "หนองบัวแดงใต้"],
    "common": ["ภาคีเครือข่าย", "โรงเรียน", "สำนักงาน"],
    "phrase": ["มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ห้องน้ำของโรงเรียนชำรุด", "การรับฟังความคิดเห็น"],
    # A year is common only in older records; Latin letters match either case.
    "other": ["๒๕๖๗", "ITA"],
}


class Command(BaseCommand):
    help = "Time search at scale: p50/p95 per query of the everything page and of one kind's page."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each query's SQL")
        parser.add_argument("--office", default="", help="also search one office (slug)")

    def handle(self, *args, runs, explain, office, **options):
        scopes = {"national": searching.Scope()}
        if office:
            scopes[office] = searching.Scope(office=Office.objects.get(slug=office))
        everything = []
        for group, texts in QUERIES.items():
            for text in texts:
                query = searching.parse_query(text)
                for name, scope in scopes.items():
                    for page in ("all", "announcements", "feedback"):
                        timings, queries = self.measure(query, scope, page, runs)
                        everything += timings
                        p95 = statistics.quantiles(timings, n=20)[-1]
                        self.stdout.write(
                            f"{group:7} {text[:24]:24} {name:10} {page:13} p50 {statistics.median(timings):7.1f} ms"
                            f"  p95 {p95:7.1f} ms  {len(queries)} queries"
                        )
                        if explain and page != "all":
                            self.explain(queries)
        self.stdout.write(
            f"ALL     p95 {statistics.quantiles(everything, n=20)[-1]:.1f} ms over {len(everything)} searches"
        )

    def measure(self, query, scope, page, runs):
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                if page == "all":
                    searching.search_all(query, scope, per_kind=5)
                else:
                    searching.search_kind(searching.source(page), query, scope, offset=0, limit=20)
                timings.append((time.perf_counter() - start) * 1000)
        return timings, [q["sql"] for q in captured.captured_queries]

    def explain(self, queries):
        with connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
                self.stdout.write("    " + "\n    ".join(row[0] for row in cursor.fetchall()))
                self.stdout.write("")
