"""The demo's overview: the figures of every demo office counted from its records (the demo offices
sit under OBEC and the Ministry, see participation/demo.py)."""

from participation.overview.services import overview_reconcile, refreshed_years


def seed_overview() -> dict[str, int]:
    """Count this fiscal year's and last year's figures of every office."""
    return overview_reconcile(fiscal_years=refreshed_years())
