"""Every page speaks Vietnamese: the demo loaded once, every page of the URLconf opened by
each of the eleven demo logins (the walk of `test_get_never_writes`: parameters filled
from the demo, fewer for the four that repeat another role's shape, then links followed),
and the visible text of each HTML page checked for

- English words: a plain-ASCII word that is not a Vietnamese syllable written without its
  marks (``Ngày (descending)``, ``Required. 150 characters…``), outside a short allow-list
  of names; words in capitals (UBND, PDF), code-like tokens, URLs and e-mail addresses are
  not words;
- numbers written with an exponent (``tối đa 4E+1 điểm``);
- Python's ``True``, ``False`` and ``None`` shown as values;
- section headings starting with a small letter;
- Django's own Vietnamese texts that do not fit the portal (``Yêu cầu. 150 ký tự…``,
  ``Chưa xác định`` on a yes/no filter, ``Bản ghi nhớ`` for the change log).

Only the portal's pages are read: the Django admin (`/admin/`) is the technical back
office, in Django's own words.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.portal import test_get_never_writes as walk
from units.models import User

FOLLOWED = 2  # linked URLs followed per pattern and role
ROLES, HREF_RE = walk.ROLES, walk.HREF_RE
demo = walk.demo  # the demo, loaded once for the module

# Names and terms the portal shows as they are written.
ALLOWED_WORDS = {
    # terms of the trade, as Vietnamese write them
    "email",
    "e-mail",
    "excel",
    "word",
    "online",
    "website",
    "internet",
    "byte",
    "mini",
    "file",
    # names of products in the demo's texts and in the two-factor set-up
    "google",
    "sheets",
    "microsoft",
    "authenticator",
    "freeotp",
    # the language menu names each language in itself
    "english",
    # a school's name (Trường THPT chuyên Hà Nội - Amsterdam)
    "amsterdam",
}

# Vietnamese syllables without their marks: onset, vowels, final consonant.
SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?",
)
WORD_RE = re.compile(r"[A-Za-zÀ-ỹĐđ][A-Za-zÀ-ỹĐđ'’-]*")
CODE_RE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|\S*[/_\\=]\S*|\S*\.(?:pdf|xlsx|docx|zip|csv|html?)\b"
    r"|\b\w*\d\w*\b",
    re.IGNORECASE,
)
EXPONENT_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?[eE][+-]?\d+(?![\w])")
PY_VALUE_RE = re.compile(r"\b(?:True|False|None)\b")
# 85.5 or 85.50: a decimal point where Vietnamese write a comma (1.234 groups thousands).
DECIMAL_POINT_RE = re.compile(r"(?<![\w.,/-])\d+\.\d{1,2}(?![\w.,/-])")
# A plan's section is numbered with points ("mục 2.2", "tiểu mục 1.3"): not a decimal.
SECTION_NUMBER_RE = re.compile(r"(?:[Mm]ục|khoản|tiết)\s$")
STOCK_TEXTS = [
    "Yêu cầu. 150 ký tự",
    "Chưa xác định",
    "Bản ghi nhớ",
    "Chỉ dùng chữ cái, chữ số",
    "Mật khẩu của bạn không thể quá giống",
    "Trường này là bắt buộc.",
]


class _VisibleText(HTMLParser):
    """The text a reader sees: no script, style or template, no attributes."""

    # Not prose: a <code> holds what is copied as it is (an authenticator's key, a token),
    # whose random letters and digits may read as "7E47".
    HIDDEN = {"script", "style", "template", "noscript", "svg", "code"}
    HEADINGS = {"h1", "h2", "h3", "h4"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self.hidden = 0
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.HEADINGS:
            self.heading = []

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.HEADINGS and self.heading is not None:
            self.headings.append(" ".join(self.heading))
            self.heading = None

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())
            if self.heading is not None:
                self.heading.append(data.strip())


def visible_text(html: str) -> tuple[str, list[str]]:
    """The visible text, one line per text node, and the headings (h1 to h4)."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts), parser.headings


def _is_vietnamese(word: str, names=frozenset()) -> bool:
    if not word.isascii() or word.isupper() or len(word) == 1:
        return True
    if word.lower() in ALLOWED_WORDS or word in names:
        return True
    return all(SYLLABLE_RE.fullmatch(part) for part in re.split(r"[-'’]", word.lower()) if part)


def slips(html: str, names=frozenset()) -> list[str]:
    """What is wrong with the visible text of a page (empty when it is all Vietnamese)."""
    text, headings = visible_text(html)
    found = [f"lower-case heading {h!r}" for h in headings if h[:1].islower()]
    found += [f"exponent {m[0]!r}" for m in EXPONENT_RE.finditer(text)]
    found += [f"Python value {m[0]!r}" for m in PY_VALUE_RE.finditer(text)]
    found += [
        f"decimal point {m[0]!r}"
        for m in DECIMAL_POINT_RE.finditer(text)
        if not SECTION_NUMBER_RE.search(text[max(0, m.start() - 8) : m.start()])
    ]
    found += [f"stock text {s!r}" for s in STOCK_TEXTS if s in text]
    for line in text.splitlines():
        words = WORD_RE.findall(CODE_RE.sub(" ", line))
        foreign = [w for w in words if not _is_vietnamese(w, names)]
        if foreign:
            found.append(f"English {foreign!r} in {line[:80]!r}")
    return found


def test_the_checks_catch_each_kind_of_slip():
    page = (
        "<html><head><title>Danh sách</title><style>body{color:red}</style></head><body>"
        '<script>var shown = "descending";</script>'
        '<select name="sort" data-x="Ascending"><option>Ngày (descending)</option></select>'
        "<h2>lợi ích</h2><p>tối đa 4E+1 điểm</p><p>False True</p>"
        "<p>Yêu cầu. 150 ký tự hoặc ít hơn</p><p>Điểm: 85.5</p>"
        "</body></html>"
    )
    found = slips(page)
    assert any("descending" in s and "English" in s for s in found)
    assert not any("Ascending" in s for s in found)  # attributes are not read
    assert any("4E+1" in s for s in found)
    assert any("'False'" in s for s in found) and any("'True'" in s for s in found)
    assert any("Yêu cầu. 150" in s for s in found)
    assert any("heading 'lợi ích'" in s for s in found)
    assert any("decimal point '85.5'" in s for s in found)
    clean = (
        "<h2>Lợi ích</h2>"
        "<p>Phong trào thi đua yêu nước năm 2025: tối đa 40 điểm, 85,50 điểm; Có/Không.</p>"
        "<p>Xem tại https://example.gov.vn/a_b hoặc gửi vanphong@sokhcn.gov.vn; "
        "UBND tỉnh Hưng Yên, 29/KH-SKHCN, bao-cao.pdf, Nguyen Van Anh</p>"
        "<p>KH 4400/KH-SGDĐT, mục 2.2; Trường THPT chuyên Hà Nội - Amsterdam</p>"
        "<p>Nhập khóa: <code>GEZD 7E47 GY3T</code></p>"
    )
    assert slips(clean) == []


@pytest.mark.parametrize("username", ROLES)
def test_every_page_is_in_vietnamese(demo, db, client, settings, username):
    settings.STORAGES, settings.MEDIA_ROOT = demo  # where the demo's files are
    user = User.objects.get(username=username)
    client.force_login(user)
    names = frozenset(User.objects.values_list("username", flat=True))  # the demo's accounts
    cache: dict = {}
    queue: list[str] = []
    for route, name, _entry in walk._patterns():
        if not route.startswith("admin/"):
            queue.extend(walk._fill(route, name, cache, walk.samples_for(username)))
    requested: set[str] = set()
    per_pattern: dict[str, int] = {}
    problems: dict[str, list[str]] = {}  # each slip and the pages that show it
    pages = 0
    while queue:
        url = queue.pop(0)
        if url in requested or url.startswith("/admin/"):
            continue
        requested.add(url)
        try:
            resolve(urlsplit(url).path)
        except Resolver404:
            continue
        response = client.get(url)
        if "_auth_user_id" not in client.session:
            client.force_login(user)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        pages += 1
        html = response.content.decode(errors="replace")
        for slip in slips(html, names):
            problems.setdefault(slip, []).append(url)
        for link in HREF_RE.findall(html):
            link = link.replace("&amp;", "&")
            if link in requested or link.startswith(("/static/", "/admin/")):
                continue
            try:
                linked = resolve(urlsplit(link).path).route
            except Resolver404:
                continue
            if per_pattern.get(linked, 0) < FOLLOWED:
                per_pattern[linked] = per_pattern.get(linked, 0) + 1
                queue.append(link)
    assert pages > 20
    report = "\n".join(f"{slip} on {urls[0]} (+{len(urls) - 1})" for slip, urls in problems.items())
    assert not problems, report
