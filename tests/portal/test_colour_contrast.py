"""Text colours of the stylesheet reach WCAG 2.1 AA contrast (4.5:1) on their background.

Every rule of `static/css/portal.css` that sets both a text colour and a background (the
state badges, counters, tags, messages, buttons) is checked pair by pair, and so is the
muted text and the error text on the page, card and error-box backgrounds they are used on.
"""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"
AA = 4.5


def _variables(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", css).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})", root))


def _colour(value: str, variables: dict[str, str]) -> str | None:
    value = value.strip()
    var = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if var:
        value = variables.get(var.group(1), "")
    if value == "#fff":
        value = "#ffffff"
    return value.lower() if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _pairs():
    css = CSS.read_text()
    variables = _variables(css)
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    body = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}", r"\1", body)
    pairs = []
    for selector, block in re.findall(r"([^{}]+)\{([^}]*)\}", body):
        if selector.strip().startswith(":root"):
            continue
        declarations = {
            name.strip(): value.strip()
            for name, value in re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", block)
        }
        fg = _colour(declarations.get("color", ""), variables)
        bg = _colour(
            declarations.get("background", declarations.get("background-color", "")), variables
        )
        if fg and bg:
            pairs.append((selector.strip(), fg, bg))
    # Text colours used on the page, card and box backgrounds without a background of their own.
    for name in ("--ink", "--muted", "--navy", "--navy-2", "--red", "--ok", "--warn"):
        for surface in ("--bg", "--card"):
            pairs.append((f"{name} on {surface}", variables[name], _colour(variables[surface], {})))
    state = re.search(r"\.state\s*\{([^}]*)\}", body).group(1)
    state_bg = _colour(re.search(r"background:\s*([^;]+)", state).group(1), variables)
    pairs.append((".state (default)", variables["--ink"], state_bg))
    pairs.append((".errors text", variables["--red"], "#fbe3e1"))
    return pairs


def test_the_pairs_are_found():
    selectors = {selector for selector, _fg, _bg in _pairs()}
    assert any(".state-late" in s for s in selectors)
    assert any(".badge" in s for s in selectors)


@pytest.mark.parametrize(("selector", "foreground", "background"), _pairs())
def test_text_contrast_is_at_least_aa(selector, foreground, background):
    ratio = contrast(foreground, background)
    assert ratio >= AA, f"{selector}: {foreground} on {background} is {ratio:.2f}:1"
