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
