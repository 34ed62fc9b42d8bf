"""Helpers for the printed documents: the header fields of one document, and a sample.

``header_context`` turns plain data into the header/closing variables documents/base.html
shows, with the number and the date formatted as Nghị định 30/2020/NĐ-CP asks.
"""

from datetime import date as Date

from .pdf import KIND_ABBREVIATIONS, document_number, place_date_line


def header_context(
    *,
    kind: str,
    issuer: str,
    issuer_symbol: str,
    place: str,
    date: Date | None,
    number: int | None = None,
    governing_body: str = "",
    summary: str = "",
    addressee: str = "",
    recipients: list[str] = (),
    archive: str = "VT",
    signer_authority: str = "",
    signer_title: str = "",
    signer_name: str = "",
) -> dict:
    """The variables base.html fills its blocks with.

    ``kind`` is the document kind in capitals ("TỜ TRÌNH"); its abbreviation comes from
    ``KIND_ABBREVIATIONS``. ``number=None`` or ``date=None`` leave blanks for the văn thư.
    """
    return {
        "kind": kind,
        "governing_body": governing_body,
        "issuer": issuer,
        "number": document_number(number, KIND_ABBREVIATIONS.get(kind, ""), issuer_symbol),
        "place_date": place_date_line(place, date, year=date.year if date else None),
        "summary": summary,
        "addressee": addressee,
        "recipients": [entry.strip().lstrip("-").rstrip(";.").strip() for entry in recipients],
        "archive": archive,
        "signer_authority": signer_authority,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }


ANNEX_LABEL = "Phụ lục"  # ND30 Phụ lục I: "Phụ lục" và số thứ tự bằng số La Mã (I, II...)


def annex_context(label: str, title: str, attached_to: str) -> dict:
    """The variables documents/annex.html shows.

    ``annex_context("Phụ lục I", "Danh sách ...", "Kèm theo Tờ trình số 05/TTr-SGDĐT ngày
    05 tháng 01 năm 2027 của Sở Giáo dục và Đào tạo")``: ``label`` is "Phụ lục" or "Phụ lục"
    and its Roman number (empty gives "Phụ lục"); ``attached_to`` is shown in parentheses
    whether or not it carries them.
    """
    attached = attached_to.strip()
    if attached and not (attached.startswith("(") and attached.endswith(")")):
        attached = f"({attached})"
    return {
        "annex_label": label.strip() or ANNEX_LABEL,
        "annex_title": title.strip(),
        "annex_attached_to": attached,
    }


def unit_header(unit) -> dict:
    """The header lines of a unit's document: its governing body (the field, else its
    parent's name) above its name on documents (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.3)."""
    return {"governing_body": unit.header_governing_body, "issuer": unit.header_name}


def signer_context(signer, *, default_title: str) -> dict:
    """The signature block of a chosen signer (units.Signer): "KT. GIÁM ĐỐC", "PHÓ GIÁM
    ĐỐC", the name; without one, the default title and a blank for the name."""
    if signer is None:
        return {"signer_authority": "", "signer_title": default_title, "signer_name": ""}
    return {
        "signer_authority": signer.authority_line,
        "signer_title": signer.title,
        "signer_name": signer.full_name,
    }


def sample_context(*, people: int = 12) -> dict:
    """Context for documents/sample.html: a tờ trình long enough for two pages and an annex."""
    names = [
        ("Nguyễn Thị Hương", "Giáo viên", "Trường THPT Ngô Quyền"),
        ("Trần Văn Đức", "Phó Hiệu trưởng", "Trường THPT Trần Phú"),
        ("Lê Thị Ngọc Ánh", "Giáo viên", "Trường THCS Hồng Bàng"),
        ("Phạm Quốc Việt", "Tổ trưởng chuyên môn", "Trường THPT Lê Quý Đôn"),
        ("Đỗ Thùy Dương", "Giáo viên", "Trường Tiểu học Đằng Giang"),
        ("Vũ Minh Khôi", "Chuyên viên", "Phòng Giáo dục Trung học"),
    ]
    rows = [names[index % len(names)] for index in range(people)]
    initiative = "Ứng dụng trí tuệ nhân tạo trong dạy học môn Ngữ văn"
    context = header_context(
        kind="TỜ TRÌNH",
        governing_body="UBND thành phố Hải Phòng",
        issuer="Sở Giáo dục và Đào tạo",
        issuer_symbol="SGDĐT",
        number=5,
        place="Hải Phòng",
        date=Date(2027, 1, 5),
        summary="Về việc đề nghị tặng danh hiệu “Chiến sĩ thi đua cơ sở” năm học 2025 - 2026",
        addressee="Ủy ban nhân dân thành phố Hải Phòng.",
        recipients=["Như trên", "Hội đồng TĐKT thành phố", "Giám đốc Sở (để b/c)"],
        archive="VT, VP",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Nguyễn Văn Thành",
    )
    context.update(
        addressee_short="Ủy ban nhân dân thành phố",
        initiative_count=128,
        columns=["Họ và tên", "Chức vụ", "Đơn vị công tác"],
        people=rows,
        annex_columns=[
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Sáng kiến được công nhận",
            "Danh hiệu LĐTT",
        ],
        annex_rows=[(name, title, unit, initiative, "2025 - 2026") for name, title, unit in rows],
    )
    return context
