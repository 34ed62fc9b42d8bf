"""What the yearly reports and the statistics count from the awards app above them.

Awards depend on reports (a yearly report is evidence for an award proposal), so reports do
not import awards: the awards app registers its queries here when it starts
(`AwardsConfig.ready`). Without awards installed, no award is counted.
"""

from collections.abc import Callable
from dataclasses import dataclass

# The kinds of nominee the awards are counted by (the values of the awards' NomineeKind).
COLLECTIVE = "collective"
INDIVIDUAL = "individual"


@dataclass(frozen=True)
class AwardSource:
    # decided(organisation=, start=, end=, year=, groups=): the awards decided in the period
    # to the organisation's units and people, each with `nominee_kind`, `nominee_unit`,
    # `nominee_person`, `award_form` and `round.campaign`.
    decided: Callable[..., list]
    # received(unit, year): how many awards the unit or its people received in the year.
    received: Callable[..., int]


_NONE = AwardSource(decided=lambda **_kwargs: [], received=lambda unit, year: 0)
_source = _NONE


def register_awards(source: AwardSource) -> None:
    global _source
    _source = source


def awards() -> AwardSource:
    return _source
