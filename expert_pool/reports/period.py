"""The requests of a report's period, and the percentile used for its response times."""

from sqlalchemy import and_

from ..dates import Period
from ..helpdesk.models import CooperationRequest


def percentile(values: list[float], fraction: float) -> float | None:
    """The percentile of sorted values by linear interpolation (as PostgreSQL's
    percentile_cont); None without values."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def requests_in(period: Period):
    """The SQL condition of the requests submitted in the period."""
    return and_(
        CooperationRequest.submitted_at >= period.since,
        CooperationRequest.submitted_at < period.until,
    )
