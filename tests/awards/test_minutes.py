"""The biên bản of a council meeting (Nghị định 30/2020/NĐ-CP, Phụ lục III, Mẫu 1.9), the
meeting form that records what it states, and the danh sách as an annex of the tờ trình."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from awards import dossier, services
from awards.models import AwardProposal, CouncilMeeting, Vote
from portal.pdf import render_pdf
from tests.awards.helpers import council_members
from tests.awards.test_dossier import NOMINEES, award_round  # noqa: F401 (fixture)

ABSENT = ["Phạm Văn Hùng (đi công tác)", "Lê Thị Mai (ốm)"]


def pdftotext(content: bytes, tmp_path, *args) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def minutes_round(award_round):  # noqa: F811 (the fixture imported above)
    """The round's meeting with its times, two members absent by name and one secret ballot."""
    meeting = award_round.meetings.get()
    meeting.started_at = datetime.time(8, 0)
    meeting.ended_at = datetime.time(10, 30)
    meeting.members_absent = "\n".join(ABSENT)
    meeting.save()
    vote = Vote.objects.get(meeting=meeting, proposal__nominee_person__full_name=NOMINEES[1])
    vote.secret = True
    vote.yes, vote.no = 4, 0
    vote.ballots_issued, vote.ballots_received = 5, 5
    vote.ballots_valid, vote.ballots_invalid = 4, 1
    vote.save()
    return award_round


def minutes_pdf(award_round) -> bytes:  # noqa: F811 (the fixture imported above)
    data = dossier.dossier_data(award_round)
    return render_pdf(
        "awards/documents/minutes.html", dossier.minutes_context(data, data["meetings"][0])
    )


def test_minutes_state_what_form_1_9_asks(minutes_round, users, tmp_path):
    content = minutes_pdf(minutes_round)
    text = " ".join(pdftotext(content, tmp_path).split())
    leader, office, council = (users[r].display_name for r in ("leader", "office", "council"))

    assert "BIÊN BẢN" in text
    assert "Thời gian bắt đầu: 08 giờ 00 ngày 28/12/2025." in text
    assert "Địa điểm: Phòng họp số 1." in text
    assert "Thành phần tham dự: 3/5 thành viên Hội đồng Thi đua - Khen thưởng, gồm:" in text
    for name in (leader, office, council):
        assert name in text
    assert f"Vắng mặt: 2 thành viên: {ABSENT[0]}; {ABSENT[1]}." in text
    assert f"Chủ trì (chủ tọa): {leader}." in text
    assert f"Thư ký (người ghi biên bản): {office}." in text
    assert (
        f"{NOMINEES[1]} (Bằng khen của Chủ tịch UBND thành phố): Hội đồng biểu quyết bằng hình "
        "thức bỏ phiếu kín; kết quả kiểm phiếu: số phiếu phát ra 5, số phiếu thu về 5, số "
        "phiếu hợp lệ 4, số phiếu không hợp lệ 1; tán thành 4, không tán thành 0." in text
    )
    assert "Cuộc họp kết thúc vào 10 giờ 30 cùng ngày./." in text
    # Nơi nhận closes the minutes, after the signatures.
    assert text.endswith("Nơi nhận: - Thành viên Hội đồng Thi đua - Khen thưởng; - Lưu: VT, Hồ sơ.")


def test_minutes_signed_by_secretary_and_chair_side_by_side(minutes_round, users, tmp_path):
    lines = pdftotext(minutes_pdf(minutes_round), tmp_path, "-layout").splitlines()

    titles = [line.split() for line in lines if "THƯ KÝ" in line]
    assert titles == [["THƯ", "KÝ", "CHỦ", "TỌA"]]
    names = next(line for line in lines if users["office"].display_name in line)
    assert users["leader"].display_name in names


def test_minutes_leave_blanks_for_times_not_recorded(award_round, tmp_path):  # noqa: F811
    text = " ".join(pdftotext(minutes_pdf(award_round), tmp_path).split())

    assert "Thời gian bắt đầu: giờ ngày 28/12/2025." in text
    assert "Vắng mặt: 2 thành viên." in text


def test_danh_sach_is_an_annex_of_the_letter_with_its_own_pages(award_round, tmp_path):  # noqa: F811
    person = AwardProposal.objects.get(nominee_person__full_name=NOMINEES[0]).nominee_person
    person.date_of_birth, person.gender = datetime.date(1985, 3, 2), "female"
    person.save()
    content = dossier.render_dossier(award_round)
    reader = PdfReader(io.BytesIO(content))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    first = next(i for i, text in enumerate(texts) if "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text)
    letter_pages = [text for text in texts[:first] if "TỜ TRÌNH" in text or "Kính trình" in text]
    annex = texts[first]

    assert letter_pages  # the tờ trình comes before its annex
    assert annex.startswith("Phụ lục DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THÀNH TÍCH THỰC HIỆN")
    assert "(Kèm theo Tờ trình số" in annex and "của Sở Giáo dục và Đào tạo)" in annex
    # Its first page carries no number: the annex does not continue the tờ trình's pages.
    page = first + 1
    top = pdftotext(content, tmp_path, "-f", str(page), "-l", str(page), "-y", "0", "-H", "56")
    assert top.strip() == ""
    header = "TT Họ và tên Năm sinh Giới tính Chức vụ Đơn vị công tác Tóm tắt thành tích"
    assert header in annex
    # One danh sách per tờ trình (one per deciding authority): the nominee is in one of them.
    lists = " ".join(text for text in texts if "Tóm tắt thành tích" in text)
    assert (
        f"{NOMINEES[0]} 1985 Nữ Giáo viên Trường THPT An Lão Chủ nhiệm nhiệm vụ KH&CN cấp "
        "thành phố, nghiệm thu loại Khá." in lists
    )


# --- The meeting form -----------------------------------------------------------------------


def meeting_post(award, users, login, **changes):
    present = council_members(award, users, 3)
    data = {
        "held_on": "10/01/2026",
        "started_at": "08:00",
        "ended_at": "10:30",
        "location": "Phòng họp tầng 2",
        "members_total": "5",
        "members_present": [u.pk for u in present],
        "chair": present[0].pk,
        "secretary": present[1].pk,
        "members_absent": "\n".join(ABSENT),
        **changes,
    }
    return login(users["office"]).post(
        reverse("awards:meeting_create", args=[award["round"].pk]), data
    )


def test_meeting_form_records_times_place_and_absent_members(award, users, login):
    response = meeting_post(award, users, login)

    assert response.status_code == 302
    meeting = CouncilMeeting.objects.get()
    assert (meeting.started_at, meeting.ended_at) == (datetime.time(8), datetime.time(10, 30))
    assert meeting.location == "Phòng họp tầng 2"
    assert meeting.absent_names == ABSENT
    page = login(users["office"]).get(response["Location"]).content.decode()
    assert "08:00 – 10:30" in page
    assert f"{ABSENT[0]}; {ABSENT[1]}" in page


def test_meeting_form_refuses_an_end_before_the_start(award, users, login):
    response = meeting_post(award, users, login, started_at="10:30", ended_at="09:00")

    assert response.status_code == 200
    assert response.context["form"].errors["ended_at"] == [
        "Cuộc họp phải kết thúc sau thời gian bắt đầu."
    ]
    assert not CouncilMeeting.objects.exists()


def test_meeting_form_refuses_more_absent_names_than_members_missing(award, users, login):
    absent = "\n".join([*ABSENT, "Trần Văn Ba"])  # 5 members, 3 present: 2 may be absent
    response = meeting_post(award, users, login, members_absent=absent)

    assert response.status_code == 200
    assert response.context["form"].errors["members_absent"] == [
        "Số thành viên vắng mặt được ghi tên nhiều hơn số thành viên Hội đồng không có mặt."
    ]
    assert not CouncilMeeting.objects.exists()


def test_meeting_service_refuses_an_end_before_the_start(award, users):
    present = council_members(award, users, 3)
    with pytest.raises(ValidationError):
        services.meeting_record(
            award_round=award["round"],
            held_on=datetime.date(2026, 1, 10),
            started_at=datetime.time(14, 0),
            ended_at=datetime.time(14, 0),
            members_total=5,
            members_present=present,
            chair=present[0],
            by=users["office"],
        )
    assert not CouncilMeeting.objects.exists()
