"""The đơn yêu cầu công nhận sáng kiến of an initiative, printed as PDF.

The form is the one of Thông tư 18/2013/TT-BKHCN, Phụ lục I (Điều lệ Sáng kiến, Nghị định
13/2012/NĐ-CP, Điều 5): "Kính gửi:" the body asked to recognise the initiative, the authors
with their date of birth, workplace, title, qualification and share of the work, then the
sections of the application, the applicant's declaration and the signatures.
"""

from django.utils import timezone

from portal import pdf

TEMPLATE = "initiatives/documents/application.html"
FORM_SOURCE = "Thông tư 18/2013/TT-BKHCN, Phụ lục I"
TITLE = "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN"
# TT 18/2013/TT-BKHCN, Phụ lục I: the applicant's declaration, word for word.
DECLARATION = (
    "Tôi (chúng tôi) xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật "
    "và hoàn toàn chịu trách nhiệm trước pháp luật."
)
# TT 18/2013/TT-BKHCN, Phụ lục I: the authors' table, in the form's order.
AUTHOR_COLUMNS = (
    "Số TT",
    "Họ và tên",
    "Ngày tháng năm sinh",
    "Nơi công tác (hoặc nơi thường trú)",
    "Chức danh",
    "Trình độ chuyên môn",
    "Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến",
)
# The field of a solution (Nghị định 13/2012/NĐ-CP, Điều 3), as the đơn names it.
FIELD_WORDS = {
    "technical": "Giải pháp kỹ thuật",
    "management": "Giải pháp quản lý",
    "operational": "Giải pháp tác nghiệp",
    "tech_application": "Giải pháp ứng dụng tiến bộ kỹ thuật",
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _percent(value) -> str:
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")


def addressee(initiative) -> str:
    """The body asked to recognise the initiative: the campaign's issuing unit (its
    Hội đồng sáng kiến examines the application for it)."""
    return initiative.campaign.issuing_unit.name


def application_context(initiative) -> dict:
    campaign = initiative.campaign
    issuing = campaign.issuing_unit
    authors = list(initiative.authors.order_by("order", "id"))
    place = initiative.unit.place or issuing.place
    submitted = timezone.localdate(initiative.submitted_at) if initiative.submitted_at else None
    applied = _date(initiative.first_applied_on)
    if applied and initiative.trial_applied:
        applied = f"{applied} (áp dụng thử)"
    return {
        "title": TITLE,
        "form_source": FORM_SOURCE,
        "declaration": DECLARATION,
        "addressee": addressee(initiative),
        "author_columns": AUTHOR_COLUMNS,
        "authors": [
            {
                "name": author.full_name,
                "born": _date(author.date_of_birth),
                "workplace": author.workplace,
                "position": author.position,
                "qualification": author.qualification,
                "share": _percent(author.contribution),
            }
            for author in authors
        ],
        "initiative": initiative,
        "field": FIELD_WORDS.get(initiative.field, ""),
        "first_applied": applied,
        "place_date": pdf.place_date_line(place or pdf.BLANK, submitted),
    }


def application_pdf(initiative) -> bytes:
    return pdf.render_pdf(TEMPLATE, application_context(initiative))


def application_filename(initiative) -> str:
    return f"don-yeu-cau-cong-nhan-sang-kien-{initiative.pk}.pdf"
