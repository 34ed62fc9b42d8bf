"""The shapes the API reads and answers with (pydantic, through django-ninja)."""

import datetime

from ninja import Field, Schema


class Problem(Schema):
    detail: str = Field(description="What went wrong, in Vietnamese.")


class FieldProblem(Schema):
    loc: list[str | int] = Field(description="Where: the field, as a path.")
    msg: str = Field(description="What is wrong, in Vietnamese.")


class Invalid(Schema):
    detail: list[FieldProblem]


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(UnitRef):
    kind: str
    parent_id: int | None
    headcount: int = Field(description="CBCCVC and employees (the base of ratio criteria).")
    active: bool


class UnitPage(Schema):
    items: list[UnitOut]
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null on the last page."
    )


class PhaseOut(Schema):
    kind: str
    title: str
    start_date: datetime.date
    end_date: datetime.date | None


class CampaignOut(Schema):
    id: int
    title: str
    document_number: str
    document_date: datetime.date | None
    issuing_unit: UnitRef
    kind: str
    start_year: int
    end_year: int | None


class CampaignDetail(CampaignOut):
    summary: str
    phases: list[PhaseOut]


class RecognitionOut(Schema):
    level: str
    decision_number: str
    decision_date: datetime.date
    issuer: str


class InitiativeOut(Schema):
    id: int
    title: str
    campaign_id: int
    unit: UnitRef | None = Field(
        description="Null where the campaign's blind review hides it from the caller."
    )
    field: str
    year: int | None
    status: str
    recognitions: list[RecognitionOut]


class InitiativePage(Schema):
    items: list[InitiativeOut]
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null on the last page."
    )


class RoundRef(Schema):
    id: int
    campaign_id: int
    kind: str
    year: int


class ProposalOut(Schema):
    id: int
    round: RoundRef
    award_form: str
    nominee_kind: str
    nominee_name: str
    proposing_unit: UnitRef
    status: str
    decision_number: str
    decision_date: datetime.date | None


class ProposalPage(Schema):
    items: list[ProposalOut]
    next_after: int | None


class Recipient(Schema):
    id: str = Field(description="Stable identifier of this award to this recipient.")
    kind: str = Field(description="`collective` (tập thể) or `individual` (cá nhân).")
    name: str = Field(description="Name of the collective, or full name of the person.")
    unit: str | None = Field(
        description="Đơn vị: the unit a person works in; for a collective the unit above it."
    )
    birth_year: int | None = Field(
        description="Năm sinh, individuals only; the portal exports nothing more personal."
    )
    award_form: str = Field(description="Hình thức khen thưởng / danh hiệu thi đua.")


class Decision(Schema):
    id: str = Field(description="Stable identifier of the decision (authority, number, date).")
    number: str = Field(description="Số quyết định, e.g. 125/QĐ-SGDĐT.")
    date: datetime.date = Field(description="Ngày ký quyết định.")
    authority: str = Field(description="Cấp/cơ quan quyết định khen thưởng.")
    signer: str = Field(description="Người ký quyết định (empty when not recorded).")
    award_forms: list[str] = Field(description="The award forms the decision grants.")
    recipients: list[Recipient]


class DecisionExport(Schema):
    format: str = Field(description="Name and version of this shape.")
    generated_at: datetime.datetime
    year: int | None
    since: datetime.date | None
    decisions: list[Decision]


class FigureOut(Schema):
    key: str
    label: str
    computed: int = Field(description="From the portal's data.")
    value: int | None = Field(description="Reported by the unit.")
    reason: str = Field(description="Why the reported value differs from the computed one.")


class ReportOut(Schema):
    id: int
    campaign_id: int
    year: int
    unit: UnitRef
    status: str
    editable: bool = Field(description="Whether the caller may change the figures now.")
    figures: list[FigureOut]


class FigureIn(Schema):
    key: str = Field(description="One of the figure keys of the report.")
    value: int | None = Field(description="The reported value (0 or more).")
    reason: str = Field("", description="Needed when the value differs from the computed one.")


class FiguresIn(Schema):
    figures: list[FigureIn] = Field(
        description="The figures to change; the others keep their values."
    )
