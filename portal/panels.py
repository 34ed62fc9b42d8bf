"""What the home page panels share: a count that stays cheap however many rows wait.

A panel shows a few rows and how many there are. Past COUNT_CAP the count says "more than
1.000" instead of counting every row (a LIMIT inside the count, so an index scan stops
there): the office of a large organisation opens its home page many times a day.
"""

COUNT_CAP = 1000


def count(queryset, shown: int, limit: int) -> dict:
    """The `count` of a panel whose first `limit` rows gave `shown` rows (no query when
    fewer came back), with `count_more` when there are more than COUNT_CAP."""
    if shown < limit:
        return {"count": shown}
    n = queryset.order_by()[: COUNT_CAP + 1].count()
    if n > COUNT_CAP:
        return {"count": COUNT_CAP, "count_more": True}
    return {"count": n}
