"""Numbers read as Vietnamese write them, on every page and in every record."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.templatetags.portal import number_filter
from portal.text import number


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("4E+1"), None, "40"),
        (Decimal("40.00"), None, "40"),
        (Decimal("85.50"), None, "85,5"),
        (85.5, None, "85,5"),
        (Decimal("1234567.25"), None, "1.234.567,25"),
        (Decimal("85.5"), 2, "85,50"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("-0.00"), None, "0"),
        (None, None, ""),
    ],
)
def test_number(value, places, text):
    with translation.override("vi"):
        assert number(value, places) == text
        assert number_filter(value, "" if places is None else places) == text
