"""Vietnamese text helpers: accent folding for search and a collation key for sorting."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ to d: "Sáng Kiến Đổi mới" -> "sang kien doi moi"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


# Vietnamese alphabet order; f, j, w, z only appear in foreign words.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Marks that make a letter of its own (breve, circumflex, horn) versus tone marks.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_PRIMARY = {letter: f"{index + 20:02d}" for index, letter in enumerate(_ALPHABET)}
for _digit in "0123456789":
    _PRIMARY[_digit] = f"{int(_digit) + 10:02d}"


def _collation_parts(text: str) -> tuple[str, str]:
    primary, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower().strip()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in _LETTER_MARKS and primary:
            base = unicodedata.normalize("NFC", _ALPHABET_BASE.get(primary[-1], "") + char)
            if base in _PRIMARY:
                primary[-1] = _PRIMARY[base]
            continue
        if unicodedata.combining(char):
            continue
        if char.isspace():
            if primary and primary[-1] != "00":
                primary.append("00")
                tones.append("0")
            continue
        primary.append(_PRIMARY.get(char, "99"))
        tones.append("0")
    return "".join(primary), "".join(tones)


_ALPHABET_BASE = {code: letter for letter, code in _PRIMARY.items()}


def collation_key(text: str) -> str:
    """A key whose plain (byte or any locale) order is Vietnamese dictionary order.

    Letters compare first in the Vietnamese alphabet (a < ă < â < b ... d < đ), then tones.
    The key holds only digits, so it sorts the same under every database collation and can
    be indexed: no ICU collation is needed on PostgreSQL and SQLite sorts the same way.
    """
    primary, tones = _collation_parts(text or "")
    return f"{primary}01{tones}"


def person_sort_key(full_name: str) -> str:
    """Vietnamese people are listed by given name (the last word), then by the full name."""
    words = (full_name or "").split()
    given = words[-1] if words else ""
    return f"{collation_key(given)}00{collation_key(full_name)}"[:500]


def number(value, places: int | None = None) -> str:
    """A number as Vietnamese write it: 85,5 · 1.234,25 · 40 (never 4E+1 nor 85.5).

    The one path every number shown takes (pages, forms' help texts, history notes,
    exports as text). `places` fixes the decimals (rounded half up); without it, trailing
    zeros are dropped. The separators come from the active language's format module
    (`portal/formats`), comma for decimals and dot for thousands.
    """
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    from django.utils import formats

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    try:
        decimal = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not decimal.is_finite():
        return str(value)
    if places is not None:
        decimal = decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        decimal = decimal.normalize()
        if decimal == decimal.to_integral_value():
            decimal = decimal.quantize(Decimal(1))
    # "{:f}" never writes an exponent; number_format groups thousands and localises.
    plain = f"{decimal:f}"
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    if decimal == 0:
        decimal = abs(decimal)
    return formats.number_format(decimal, decimal_pos=decimals, use_l10n=True, force_grouping=True)


NO_BREAK_SPACE = "\u00a0"


def unbroken_tail(name: str, words: int = 2) -> str:
    """Join the last ``words`` words of a name with no-break spaces, so that a name set in
    a narrow header column never wraps inside a place name ("…HẢI / PHÒNG").

    ``unbroken_tail("UBND thành phố Hải Phòng")`` -> ``"UBND thành phố Hải\\u00a0Phòng"``.
    """
    parts = (name or "").split()
    if len(parts) < 2:
        return name or ""
    cut = max(0, len(parts) - words)
    return " ".join([*parts[:cut], NO_BREAK_SPACE.join(parts[cut:])])


def lower_first(text: str) -> str:
    """A title that follows "về việc" in running text: its first letter in lower case
    ("Phát động phong trào…" -> "phát động phong trào…"), unless the first word is an
    abbreviation written in capitals (KH&CN)."""
    if not text:
        return ""
    first = text.split(maxsplit=1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[0].lower() + text[1:]


_DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")
_ISO_DATE_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def shown(value) -> str:
    """A stored value as a reader sees it, the one path for history and comparisons:
    yes/no as Có/Không, numbers through `number()` (85,5 · 40, never 85.5 nor 4E+1),
    dates as dd/mm/yyyy, nothing as "". Text kept in a history row before this existed
    ("True", "85.50", "2024-12-02") is read the same way."""
    from django.utils.translation import gettext

    if value is None:
        return ""
    if isinstance(value, bool) or value in ("True", "False"):
        return gettext("Yes") if value in (True, "True") else gettext("No")
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        return number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "pk"):
        return str(value)
    text = str(value)
    if text == "None":
        return ""
    if _DECIMAL_TEXT.fullmatch(text):
        return number(text)
    iso = _ISO_DATE_TEXT.fullmatch(text)
    if iso:
        return f"{iso[3]}/{iso[2]}/{iso[1]}"
    return text


def quoted(text: str) -> str:
    """A name set in quotation marks within a sentence: “…”. Quotation marks inside it
    become single ones, so that a title that quotes a slogan does not end in ””:
    ``quoted('Phong trào “Dạy tốt, học tốt”')`` -> ``“Phong trào ‘Dạy tốt, học tốt’”``."""
    text = (text or "").strip()
    if len(text) > 1 and text[0] in '“"' and text[-1] in '”"':
        text = text[1:-1].strip()
    inner = re.sub(r"\"([^\"]*)\"", "‘\\1’", text).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"
