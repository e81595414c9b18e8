"""Feedback intake under load: many citizens at once open the form of a random office, send it, and
read the tracking code on the receipt the sending answers with. Every code shown must then be stored
exactly once."""

import random
import re
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from bench.client import Browser, hidden_fields

# Four groups of four symbols of the code alphabet (no 0, O, 1, I), as the receipt prints it.
CODE = re.compile(r"\b([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\b")

MESSAGES = [
    "อยากให้โรงเรียนแจ้งตารางสอบล่วงหน้าอย่างน้อยสองสัปดาห์",
    "ถนนหน้าโรงเรียนไม่มีทางม้าลาย เด็กข้ามถนนลำบากในช่วงเช้า",
    "ขอบคุณเจ้าหน้าที่ที่ช่วยตอบคำถามเรื่องการย้ายโรงเรียนอย่างรวดเร็ว",
    "สอบถามว่าจะเปิดรับสมัครครูอัตราจ้างเมื่อไร และดูประกาศได้ที่ไหน",
]


def submit_once(browser: Browser, office: str, marker: str, rng: random.Random) -> tuple[str, str | None]:
    """One citizen's submission: ("ok", code) or (what went wrong, None)."""
    status, _headers, html, _seconds = browser.get(f"/{office}/feedback/new/")
    if status != 200:
        return f"form {status}", None
    hidden = hidden_fields(html)
    if "token" not in hidden:
        return "form without token", None
    fields = {
        **hidden,
        "kind": rng.choice(["opinion", "suggestion", "question", "complaint", "compliment"]),
        "subject": f"ทดสอบการรับเรื่อง {marker}",
        # Each message differs: the form refuses exact duplicates.
        "message": f"{rng.choice(MESSAGES)} ({rng.getrandbits(48):x})",
        "name": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    # The form is sent to its own address, and the receipt is the answer.
    status, _headers, html, _seconds = browser.post(f"/{office}/feedback/new/", fields)
    if status != 200:
        return f"post {status}", None
    found = CODE.search(html.decode("utf-8", "replace"))
    if found is None:
        return "form shown again", None
    return "ok", found.group(1)


def client_loop(host: str, port: int, offices: list[str], seconds: float, marker: str, seed: int) -> dict:
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    codes, outcomes, durations = [], Counter(), []
    while time.monotonic() < deadline:
        browser = Browser(host, port)  # a new citizen each time: no cookies yet
        started = time.perf_counter()
        try:
            outcome, code = submit_once(browser, rng.choice(offices), marker, rng)
        except OSError as error:
            outcome, code = f"connection {type(error).__name__}", None
        outcomes[outcome] += 1
        if code:
            codes.append(code)
            durations.append(time.perf_counter() - started)
    return {"codes": codes, "outcomes": dict(outcomes), "durations": durations}


def warm_up(host: str, port: int, offices: list[str]) -> float:
    """Open every office's form once, as visitors have by the time a portal takes this many messages a
    second: the blank forms are then rendered and kept, and the run measures the steady state."""
    started = time.monotonic()
    for office in offices:
        Browser(host, port).get(f"/{office}/feedback/new/")
    return time.monotonic() - started


def run_intake(*, host: str, port: int, offices: list[str], clients: int, seconds: float, marker: str) -> dict:
    """Run the clients in parallel processes after a warm-up; accepted/s counts the receipts that showed a code."""
    warm = warm_up(host, port, offices)
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(client_loop, host, port, offices, seconds, marker, seed) for seed in range(1, clients + 1)
        ]
        results = [future.result() for future in futures]
    elapsed = time.monotonic() - started
    codes = [code for result in results for code in result["codes"]]
    outcomes = Counter()
    for result in results:
        outcomes.update(result["outcomes"])
    durations = sorted(d for result in results for d in result["durations"])
    p95 = durations[int(0.95 * (len(durations) - 1))] * 1000 if durations else None
    return {
        "clients": clients,
        "warm_up_seconds": round(warm, 1),
        "seconds": round(elapsed, 1),
        "accepted": len(codes),
        "accepted_per_s": round(len(codes) / elapsed, 1),
        "submission_p95_ms": round(p95, 1) if p95 is not None else None,
        "outcomes": dict(outcomes),
        "codes": codes,
    }
