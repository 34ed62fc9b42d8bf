"""The đơn yêu cầu công nhận sáng kiến (Thông tư 18/2013/TT-BKHCN, Phụ lục I) as PDF."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from initiatives import services

from .factories import AuthorFactory, InitiativeFactory


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "don.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def application(campaign, org, users):
    initiative = InitiativeFactory(
        campaign=campaign,
        unit=org["school_a"],
        created_by=users["staff_a"],
        title="Số hóa sổ điểm bằng bảng tính",
        investor="Trường THPT An Lão",
        first_applied_on=datetime.date(2024, 9, 5),
        essence="Tự động tổng hợp điểm bằng công thức.",
        confidential_info="Mã nguồn của công thức.",
        conditions="Máy tính có cài bảng tính.",
        benefits_authors="Tiết kiệm 30 giờ mỗi học kỳ.",
        benefits_appliers="Giáo viên đánh giá cao.",
        first_appliers="Tổ Toán – Tin.",
    )
    AuthorFactory(
        initiative=initiative,
        full_name="Nguyễn Thị Hương",
        date_of_birth=datetime.date(1986, 3, 14),
        workplace="Trường THPT An Lão",
        position="Giáo viên",
        qualification="Thạc sĩ",
        contribution=60,
        order=0,
    )
    AuthorFactory(
        initiative=initiative,
        full_name="Trần Văn Bình",
        date_of_birth=datetime.date(1990, 11, 2),
        workplace="Trường THPT An Lão",
        position="Tổ trưởng",
        qualification="Cử nhân",
        contribution=40,
        order=1,
    )
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    initiative.refresh_from_db()
    return initiative


def _url(initiative):
    return reverse("initiatives:application_pdf", args=[initiative.pk])


def test_application_holds_every_section_of_the_form(login, users, application, tmp_path):
    response = login(users["office"]).get(_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN" in text
    assert "Kính gửi: Sở Giáo dục và Đào tạo" in text
    # The authors' table: name, date of birth, workplace, title, qualification, share.
    for value in ("Nguyễn Thị Hương", "14/03/1986", "Giáo viên", "Thạc sĩ", "60%"):
        assert value in text
    for value in ("Trần Văn Bình", "02/11/1990", "Tổ trưởng", "Cử nhân", "40%"):
        assert value in text
    assert "Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến" in text
    assert "đề nghị xét công nhận sáng kiến: Số hóa sổ điểm bằng bảng tính" in text
    assert "Chủ đầu tư tạo ra sáng kiến: Trường THPT An Lão" in text
    assert "Lĩnh vực áp dụng sáng kiến: Giải pháp quản lý" in text
    assert "áp dụng lần đầu hoặc áp dụng thử: 05/09/2024" in text
    assert "Mô tả bản chất của sáng kiến: Tự động tổng hợp điểm bằng công thức." in text
    assert "cần được bảo mật (nếu có): Mã nguồn của công thức." in text
    assert "điều kiện cần thiết để áp dụng sáng kiến: Máy tính có cài bảng tính." in text
    assert "theo ý kiến của tác giả: Tiết kiệm 30 giờ mỗi học kỳ." in text
    assert "kể cả áp dụng thử (nếu có): Giáo viên đánh giá cao." in text
    assert "áp dụng sáng kiến lần đầu (nếu có): Tổ Toán – Tin." in text
    assert (
        "Tôi (chúng tôi) xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật "
        "và hoàn toàn chịu trách nhiệm trước pháp luật." in text
    )
    assert "Hải Phòng, ngày" in text
    assert "Người nộp đơn (Ký và ghi rõ họ tên) Nguyễn Thị Hương Trần Văn Bình" in text


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_a", 200), ("head_a", 200), ("leader", 200), ("staff_b", 404), ("outsider", 404)],
)
def test_application_is_scoped_like_the_initiative(login, users, application, who, status):
    assert login(users[who]).get(_url(application)).status_code == status


def test_council_member_of_a_blind_review_does_not_get_it(
    login, users, application, campaign, council_members
):
    services.initiative_send_to_council(initiative=application, by=users["office"])
    services.council_assign(initiative=application, members=council_members[:1], by=users["office"])
    client = login(council_members[0])
    assert client.get(_url(application)).status_code == 200  # an open review names authors

    campaign.blind_review = True
    campaign.save()
    assert client.get(reverse("initiatives:detail", args=[application.pk])).status_code == 200
    assert client.get(_url(application)).status_code == 404
