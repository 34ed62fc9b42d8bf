"""Who decides each award form, and which documents carry a round's proposals there.

Luật Thi đua, khen thưởng 2022 (Luật số 06/2022/QH15):
- Điều 80: the head of an agency (Giám đốc Sở) decides Chiến sĩ thi đua cơ sở, Lao động tiên
  tiến, Tập thể lao động tiên tiến and Giấy khen within his agency;
- Điều 83: the Chủ tịch UBND cấp tỉnh decides the province's titles and Bằng khen, and is
  the one who proposes awards of the Thủ tướng Chính phủ and the Chủ tịch nước;
- after the 2025 reform of local government (two levels, no district) the Chủ tịch UBND cấp
  xã decides the commune-level titles and Giấy khen (DESIGN.md §8; the amending text was not
  read here, the rule is kept as stated there).

Within the issuer's own authority the council (or the office) sends a tờ trình to the head
and the head issues a Quyết định khen thưởng with its danh sách. Above it the issuer sends
one tờ trình to the Chủ tịch UBND tỉnh/thành phố, who decides or proposes further: never
straight to the Thủ tướng or the Chủ tịch nước.
"""

from dataclasses import dataclass, field

from campaigns.models import AwardForm, DecidingAuthority, EmulationTitle
from portal.text import fold
from units.models import Unit, UnitKind

# The article each deciding authority rests on (Luật Thi đua, khen thưởng 2022).
LAW_2022 = "Luật Thi đua, khen thưởng 2022"
AUTHORITY_SOURCES = {
    DecidingAuthority.HEAD: f"{LAW_2022}, Điều 80",
    DecidingAuthority.COMMUNE_CHAIR: (
        f"{LAW_2022}, Điều 80 (thẩm quyền của Chủ tịch UBND cấp xã sau sắp xếp chính quyền "
        "địa phương hai cấp năm 2025)"
    ),
    DecidingAuthority.PROVINCE_CHAIR: f"{LAW_2022}, Điều 83",
    DecidingAuthority.PRIME_MINISTER: f"{LAW_2022}, Điều 83 (Chủ tịch UBND cấp tỉnh đề nghị)",
    DecidingAuthority.PRESIDENT: f"{LAW_2022}, Điều 83 (Chủ tịch UBND cấp tỉnh đề nghị)",
}

# Words of the free-text "awarding authority" of a form that name who decides, checked in
# this order on the folded text (the demo plans write it out in words).
AUTHORITY_WORDS = (
    ("chu tich nuoc", DecidingAuthority.PRESIDENT),
    ("thu tuong", DecidingAuthority.PRIME_MINISTER),
    ("chinh phu", DecidingAuthority.PRIME_MINISTER),
    ("xa", DecidingAuthority.COMMUNE_CHAIR),
    ("uy ban nhan dan", DecidingAuthority.PROVINCE_CHAIR),
    ("ubnd", DecidingAuthority.PROVINCE_CHAIR),
)

# Titles whose standard the portal checks decide who awards them when nothing else says:
# province titles by the Chủ tịch UBND cấp tỉnh (Điều 83), the others by the head (Điều 80).
PROVINCE_TITLES = {EmulationTitle.PROVINCE_FIGHTER, EmulationTitle.PROVINCE_FLAG}

# The head of the issuer and the addressee of a tờ trình within its authority.
HEAD_TITLES = {
    UnitKind.DEPARTMENT: "Giám đốc",
    UnitKind.COMMUNE: "Chủ tịch",
}
DEFAULT_HEAD_TITLE = "Thủ trưởng cơ quan, đơn vị"
DEFAULT_PROVINCE_CHAIR = "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"

WITHIN = "within"  # the head decides: tờ trình to him, his quyết định with the danh sách
PROPOSE = "propose"  # above the head: tờ trình to the Chủ tịch UBND tỉnh/thành phố

DOC_LETTER = "to_trinh"
DOC_DECISION = "quyet_dinh"
DOC_LIST = "danh_sach"


@dataclass
class Route:
    """Where one award form of an issuer goes."""

    decider: str  # a DecidingAuthority value
    source: str  # the law article it rests on
    channel: str  # WITHIN or PROPOSE
    addressee: str  # the one the tờ trình is addressed to
    sender: str  # who signs the tờ trình: the council/office, or the issuer
    documents: tuple[str, ...] = field(default_factory=tuple)


def _decider_named(text: str) -> str:
    """Who the free text of a form's awarding authority names; the head when none."""
    folded = f" {fold(text or '')} "
    for words, who in AUTHORITY_WORDS:
        if f" {words} " in folded:
            return who
    return DecidingAuthority.HEAD


def form_decider(form: AwardForm, issuer: Unit) -> str:
    """Who decides `form`: its `decided_by`, else read from its authority text; the head of
    a commune is the Chủ tịch UBND xã."""
    decider = form.decided_by
    if not decider and not form.authority and form.title in PROVINCE_TITLES:
        decider = DecidingAuthority.PROVINCE_CHAIR
    if not decider:
        decider = _decider_named(form.authority)
    if decider == DecidingAuthority.HEAD and issuer.kind == UnitKind.COMMUNE:
        return DecidingAuthority.COMMUNE_CHAIR
    if decider == DecidingAuthority.COMMUNE_CHAIR and issuer.kind != UnitKind.COMMUNE:
        # A Sở's form set for a commune chairman: the Sở cannot route it but upwards.
        return DecidingAuthority.PROVINCE_CHAIR
    return decider


def head_title(issuer: Unit) -> str:
    return HEAD_TITLES.get(issuer.kind, DEFAULT_HEAD_TITLE)


def full_name(name: str) -> str:
    """A unit's name with "UBND" written out, as an addressee line wants it."""
    return name.replace("UBND ", "Ủy ban nhân dân ")


def head_addressee(issuer: Unit) -> str:
    """The head of the issuer, as a tờ trình within its authority addresses him."""
    name = full_name(issuer.header_name)
    if issuer.kind == UnitKind.COMMUNE:
        return f"Chủ tịch {name}"
    return f"{head_title(issuer)} {name}"


def province_chair(issuer: Unit, form: AwardForm | None = None) -> str:
    """The Chủ tịch UBND tỉnh/thành phố the issuer proposes to (Điều 83)."""
    if issuer.proposes_to:
        return issuer.proposes_to
    named = _decider_named(form.authority) if form is not None and form.authority else ""
    if named == DecidingAuthority.PROVINCE_CHAIR:
        return form.authority
    return DEFAULT_PROVINCE_CHAIR


def award_route(form: AwardForm, issuer: Unit) -> Route:
    """The route of one award form of a campaign issued by `issuer`."""
    decider = form_decider(form, issuer)
    own = decider in (DecidingAuthority.HEAD, DecidingAuthority.COMMUNE_CHAIR)
    if own:
        return Route(
            decider=decider,
            source=AUTHORITY_SOURCES[decider],
            channel=WITHIN,
            addressee=head_addressee(issuer),
            sender="council",
            documents=(DOC_LETTER, DOC_DECISION, DOC_LIST),
        )
    return Route(
        decider=decider,
        source=AUTHORITY_SOURCES[decider],
        channel=PROPOSE,
        addressee=province_chair(issuer, form),
        sender="issuer",
        documents=(DOC_LETTER, DOC_LIST),
    )


def routing_table(forms, issuer: Unit) -> list[tuple[AwardForm, Route]]:
    """Each award form with its route, in the forms' order."""
    return [(form, award_route(form, issuer)) for form in forms]


def letters_by_addressee(forms, issuer: Unit) -> list[tuple[Route, list[AwardForm]]]:
    """One tờ trình per addressee: the forms of each, the head's own first."""
    groups: dict[tuple[str, str], tuple[Route, list]] = {}
    for form, route in routing_table(forms, issuer):
        key = (route.channel, route.addressee)
        groups.setdefault(key, (route, []))[1].append(form)
    return sorted(groups.values(), key=lambda group: group[0].channel != WITHIN)
