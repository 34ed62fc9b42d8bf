"""Sections that the apps above units add to a unit's page (e.g. the campaigns it takes part
in), so that units import none of them. An app registers a function in its
`AppConfig.ready`; the function returns the section's template and context, or None."""

from collections.abc import Callable

_SECTIONS: list[Callable] = []


def register_unit_section(section: Callable) -> Callable:
    """`section(user, unit)` -> {"template": ..., **context} or None."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def unit_sections(user, unit) -> list[dict]:
    return [s for s in (section(user, unit) for section in _SECTIONS) if s is not None]
