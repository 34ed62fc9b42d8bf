"""The server-drawn SVG charts hold the bars and figures they are given."""

import re
import xml.etree.ElementTree as ET

from portal.charts import Bar, bars_chart, columns_chart

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg class=\"chart-svg\".*?</svg>", str(html), re.S)
    assert match, "no SVG drawn"
    text = match.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(text)


def bars_of(svg: ET.Element) -> list[dict]:
    rows = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "chart-bar":
            continue
        fill = next(r for r in group.iter(f"{SVG}rect") if r.get("class") == "chart-fill")
        rows.append(
            {
                "label": group.get("data-label"),
                "value": group.get("data-value"),
                "title": group.find(f"{SVG}title").text,
                "width": float(fill.get("width")),
                "height": float(fill.get("height")),
            }
        )
    return rows


def test_bars_are_drawn_in_proportion_with_titles_and_a_table():
    html = bars_chart(
        title="Sáng kiến theo lĩnh vực",
        bars=[Bar("Giáo dục", 40), Bar("Y tế", 10), Bar("Nông nghiệp", 0)],
        value_label="Số sáng kiến",
        label_heading="Lĩnh vực",
    )
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Sáng kiến theo lĩnh vực"
    bars = bars_of(svg)
    assert [(b["label"], b["value"]) for b in bars] == [
        ("Giáo dục", "40"),
        ("Y tế", "10"),
        ("Nông nghiệp", "0"),
    ]
    assert bars[0]["width"] == 4 * bars[1]["width"] > 0
    assert bars[2]["width"] == 0
    assert bars[0]["title"] == "Giáo dục: 40"
    # The same figures as a table, for those who would rather read them.
    assert '<td>Y tế</td><td class="num">10</td>' in html
    assert "<script" not in html and "style=" not in html


def test_a_share_of_a_total_is_drawn_over_its_track_and_written_in_vietnamese():
    html = bars_chart(
        title="Báo cáo đã nộp",
        bars=[Bar("Trường THPT", 3, total=4, note="75%"), Bar("Trường THCS", 1, total=2)],
        value_label="Đã nộp",
        label_heading="Loại đơn vị",
    )
    svg = svg_of(html)
    bars = bars_of(svg)
    rects = svg.iter(f"{SVG}rect")
    tracks = [float(r.get("width")) for r in rects if r.get("class") == "chart-track"]
    assert tracks[0] == 2 * tracks[1]
    assert bars[0]["width"] == tracks[0] * 3 / 4
    assert bars[0]["title"] == "Trường THPT: 3/4 (75%)"


def test_columns_rise_with_the_values_and_decimals_use_a_comma():
    html = columns_chart(
        title="Theo ngày",
        bars=[Bar("01/12", 1), Bar("02/12", 2.5), Bar("03/12", 5)],
        value_label="Đã nộp",
        label_heading="Ngày",
    )
    bars = bars_of(svg_of(html))
    assert [b["height"] for b in bars] == sorted(b["height"] for b in bars)
    assert bars[2]["height"] == 2 * bars[1]["height"]
    assert bars[1]["title"] == "02/12: 2,5"


def test_no_data_says_so_instead_of_an_empty_drawing():
    html = bars_chart(
        title="Trống", bars=[], value_label="x", label_heading="y", empty="Chưa có số liệu."
    )
    assert "<svg" not in html and "Chưa có số liệu." in html
