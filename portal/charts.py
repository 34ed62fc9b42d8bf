"""Charts drawn on the server as inline SVG: no script, nothing inline that the CSP forbids.

Each chart is a `<figure>` with an SVG of bars (`role="img"`, a `<title>` for the chart and
one for every bar, which screen readers and a pointer's tooltip read) and, under it, the
same figures as a table in a `<details>` for those who would rather read numbers. Colours
and text come from classes in `static/css/portal.css`; the SVG only carries geometry.

    bars_chart(title=..., bars=[Bar("Trường THPT An Lão", 3, total=4)], ...)

A bar with a `total` is drawn as a share of it (the value over a light track, "3/4"),
otherwise against the largest value. `columns_chart` draws the same data as columns, for a
series over time (days, years). `stacked_chart` splits each row into parts of a few
series (an outcome each), with a legend and a table of every part.
"""

from dataclasses import dataclass
from itertools import count

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .text import number

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    total: float | None = None
    note: str = ""  # optional text for the tooltip and the table (e.g. "75 %")

    @property
    def shown(self) -> str:
        if self.total is not None:
            return f"{number(self.value)}/{number(self.total)}"
        return number(self.value)


def _scale(bars: list[Bar]) -> float:
    return max([b.total if b.total is not None else b.value for b in bars] + [0]) or 1


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bars_chart(
    *, title: str, bars: list[Bar], value_label: str, label_heading: str, empty: str = ""
) -> SafeString:
    """Horizontal bars, one row per label (units, fields, award forms)."""
    width, label_w, value_w, row_h = 640, 230, 70, 26
    plot_w = width - label_w - value_w
    scale = _scale(bars)
    rows = []
    for i, bar in enumerate(bars):
        full = bar.total if bar.total is not None else scale
        rows.append(
            {
                "bar": bar,
                "y": 8 + i * row_h,
                "text_y": 8 + i * row_h + 16,
                "track_w": round(plot_w * full / scale, 2),
                "w": round(plot_w * bar.value / scale, 2),
                "label": _short(bar.label, 28),
            }
        )
    return _render(
        "portal/_chart_bars.html",
        {
            "title": title,
            "rows": rows,
            "width": width,
            "height": 16 + len(bars) * row_h,
            "label_w": label_w,
            "value_x": label_w + plot_w + 6,
            "value_label": value_label,
            "label_heading": label_heading,
            "empty": empty,
        },
    )


def columns_chart(
    *, title: str, bars: list[Bar], value_label: str, label_heading: str, empty: str = ""
) -> SafeString:
    """Vertical columns, for a series (days, years); every few labels are written below."""
    width, height, bottom, top = 640, 220, 34, 18
    plot_h = height - bottom - top
    step = width / max(len(bars), 1)
    col_w = max(step * 0.7, 1)
    scale = _scale(bars)
    every = max(1, -(-len(bars) // 8))  # about eight labels below the columns
    cols = []
    for i, bar in enumerate(bars):
        h = round(plot_h * bar.value / scale, 2)
        x = round(i * step + (step - col_w) / 2, 2)
        cols.append(
            {
                "bar": bar,
                "x": x,
                "w": round(col_w, 2),
                "h": h,
                "y": round(top + plot_h - h, 2),
                "mid": round(x + col_w / 2, 2),
                "labelled": i % every == 0,
            }
        )
    return _render(
        "portal/_chart_columns.html",
        {
            "title": title,
            "cols": cols,
            "width": width,
            "height": height,
            "axis_y": top + plot_h,
            "label_y": top + plot_h + 16,
            "top": top,
            "max_shown": number(scale),
            "value_label": value_label,
            "label_heading": label_heading,
            "empty": empty,
        },
    )


@dataclass(frozen=True)
class Series:
    key: str  # a CSS class suffix: .chart-part-<key>
    label: str


@dataclass(frozen=True)
class Stack:
    label: str
    values: tuple[int, ...]  # one per series, in the series' order

    @property
    def total(self) -> int:
        return sum(self.values)


def stacked_chart(
    *,
    title: str,
    series: list[Series],
    stacks: list[Stack],
    label_heading: str,
    total_heading: str,
    empty: str = "",
) -> SafeString:
    """Horizontal bars split into parts, one row per label, one part per series: how the
    row's total divides (proposals of an award form by eligibility outcome)."""
    width, label_w, value_w, row_h = 640, 230, 70, 26
    plot_w = width - label_w - value_w
    scale = max([stack.total for stack in stacks] + [0]) or 1
    rows = []
    for i, stack in enumerate(stacks):
        x, parts = label_w, []
        for one, value in zip(series, stack.values, strict=True):
            w = round(plot_w * value / scale, 2)
            parts.append({"series": one, "value": value, "shown": number(value), "x": x, "w": w})
            x = round(x + w, 2)
        rows.append(
            {
                "stack": stack,
                "parts": parts,
                "total": number(stack.total),
                "y": 8 + i * row_h,
                "text_y": 8 + i * row_h + 16,
                "label": _short(stack.label, 24),
            }
        )
    return _render(
        "portal/_chart_stacked.html",
        {
            "title": title,
            "series": series,
            "rows": rows,
            "width": width,
            "height": 16 + len(stacks) * row_h,
            "label_w": label_w,
            "value_x": label_w + plot_w + 6,
            "label_heading": label_heading,
            "total_heading": total_heading,
            "empty": empty,
        },
    )


def _render(template: str, context: dict) -> SafeString:
    context["chart_id"] = f"chart-{next(_ids)}"
    return SafeString(render_to_string(template, context))
