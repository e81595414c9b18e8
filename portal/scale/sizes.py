"""How much a scale makes and when: the record counts at scale 1.0, the minimum every office gets, the
Zipf-like split of records between offices, the fiscal years covered and the offices' time zone."""

import zoneinfo

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
YEARS = 3  # fiscal years of data, the current one included

# Records at scale 1.0.
FULL = {"offices": 250, "announcements": 200_000, "feedback": 1_000_000, "meetings": 50_000, "network": 60_000}
# Every office has at least this many, so each of its pages has something to show at a tiny scale.
MINIMUM = {"announcements": 3, "feedback": 8, "meetings": 3, "network": 4}
# The Zipf-like weight of the office ranked r (0 = largest) is 1 / (r + ZIPF_SHIFT): with 250 offices the
# largest holds about 6 % of the records, the smallest about 0.4 %.
ZIPF_SHIFT = 3


def expected_counts(scale: float) -> dict[str, int]:
    """How many offices, announcements, feedback items, meetings and network members a scale makes."""
    offices = max(4, round(FULL["offices"] * scale))
    counts = {"offices": offices}
    for key in ("announcements", "feedback", "meetings", "network"):
        counts[key] = max(round(FULL[key] * scale), MINIMUM[key] * offices)
    return counts


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split a total by weights (largest remainders), each share at least `minimum`."""
    rest = total - minimum * len(weights)
    whole = sum(weights)
    exact = [rest * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [share + minimum for share in shares]
