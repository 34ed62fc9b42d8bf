"""The proposed list of a round made public for comments (công khai lấy ý kiến).

Source: Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2 — whoever proposes an award makes the list
of the collectives and individuals public on its own media "ít nhất 10 ngày làm việc"
before the council (Hội đồng Thi đua - Khen thưởng) meets; Nghị định 152/2025/NĐ-CP,
Điều 60 khoản 3, which replaced it, keeps the 10 working days (the Bộ Nội vụ's notices
cite both). Read from quotations of the texts in official notices, not from the gazette.

The rule, as the portal applies it:
- the office opens the period on a round; it runs for `days` working days (Monday to
  Friday; public holidays are not known to the portal and count as working days), the
  opening day counted as the first;
- fewer days than the minimum are refused: the decree sets a floor, not a default;
- while the period runs, the round cannot be finalised and its decision not recorded
  (`refusal`); the law leaves no room for judgement, so there is no override.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

SOURCE = "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2; Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3"
MINIMUM_WORKING_DAYS = 10  # SOURCE: "ít nhất 10 ngày làm việc"
MAXIMUM_WORKING_DAYS = 60


def today() -> datetime.date:
    return timezone.localdate()


def period_end(start: datetime.date, working_days: int) -> datetime.date:
    """The last day of a period of `working_days` working days beginning on `start`."""
    day = start
    while day.weekday() >= 5:  # a period opened at the weekend starts on Monday
        day += datetime.timedelta(days=1)
    counted = 1
    while counted < working_days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def is_open(award_round, on: datetime.date | None = None) -> bool:
    """Whether the round's proposed list takes comments on that day (today by default)."""
    on = on or today()
    return bool(
        award_round.comments_from and award_round.comments_from <= on <= award_round.comments_until
    )


def has_ended(award_round, on: datetime.date | None = None) -> bool:
    on = on or today()
    return bool(award_round.comments_until and award_round.comments_until < on)


def refusal(award_round) -> str | None:
    """Why the round cannot be finalised now, or None: the comment period has not ended."""
    if award_round.comments_until and not has_ended(award_round):
        return _(
            "The proposed list is open for public comments until %(until)s: the round can be "
            "finalised only after that day (%(source)s)."
        ) % {"until": award_round.comments_until.strftime("%d/%m/%Y"), "source": SOURCE}
    return None
