import datetime
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Attachment, Initiative, Status
from portal.services import history_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application_data(initiative=None, *, campaign=None, unit=None, authors=(), **overrides):
    """POST data of the application form and its authors formset."""
    source = initiative
    data = {
        "campaign": campaign.pk if campaign else "",
        "unit": unit.pk if unit else "",
        "title": source.title if source else "Ứng dụng phần mềm quản lý thư viện số",
        "field": source.field if source else "management",
        "year": source.year if source else 2025,
        "school_year": "2024-2025",
        "investor": "",
        "first_applied_on": "2024-09-05",
        "problem": "Tra cứu sách mất thời gian.",
        "essence": source.essence if source else "Số hóa danh mục sách, tra cứu bằng mã QR.",
        "novelty": "Lần đầu áp dụng.",
        "applicability": "Mọi trường phổ thông.",
        "confidential_info": "",
        "conditions": "Máy tính, mạng Internet.",
        "benefits_authors": "Giảm 70 % thời gian tra cứu.",
        "benefits_appliers": "Học sinh mượn sách nhanh hơn.",
        "first_appliers": "Thư viện nhà trường.",
        "authors-TOTAL_FORMS": str(len(authors) + 2),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    existing = list(source.authors.all()) if source else []
    if existing:
        data["authors-INITIAL_FORMS"] = str(len(existing))
        data["authors-TOTAL_FORMS"] = str(len(existing) + 2)
        for index, author in enumerate(existing):
            data[f"authors-{index}-id"] = str(author.pk)
            data[f"authors-{index}-full_name"] = author.full_name
            data[f"authors-{index}-contribution"] = str(author.contribution)
    else:
        for index, (name, share) in enumerate(authors):
            data[f"authors-{index}-full_name"] = name
            data[f"authors-{index}-contribution"] = str(share)
            data[f"authors-{index}-workplace"] = "Trường THPT An Lão"
    data.update(overrides)
    return data


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Mô tả sáng kiến")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    return out.getvalue()


# Creating and submitting ----------------------------------------------------------------


def test_unit_staff_creates_a_draft_with_authors_and_a_pdf(login, users, campaign, org):
    client = login(users["staff_a"])
    data = application_data(
        campaign=campaign,
        unit=org["school_a"],
        authors=[("Nguyễn Thị Hương", 60), ("Trần Văn Đức", 40)],
        action="save",
        new_attachment=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
    )
    response = client.post(reverse("initiatives:create"), data)
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("initiatives:edit", args=[initiative.pk])
    assert initiative.status == Status.DRAFT
    assert [(a.full_name, a.contribution) for a in initiative.authors.all()] == [
        ("Nguyễn Thị Hương", Decimal(60)),
        ("Trần Văn Đức", Decimal(40)),
    ]
    [attachment] = initiative.attachments.all()
    assert attachment.original_name == "bao-cao.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("initiatives/")
    assert "bao-cao" not in attachment.file.name
    assert initiative.search_text == (
        "ung dung phan mem quan ly thu vien so nguyen thi huong tran van duc truong thpt an lao"
    )


def test_submit_from_the_form(login, users, campaign, org, django_capture_on_commit_callbacks):
    client = login(users["staff_a"])
    data = application_data(
        campaign=campaign,
        unit=org["school_a"],
        authors=[("Nguyễn Thị Hương", 100)],
        action="submit",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("initiatives:create"), data)
    initiative = Initiative.objects.get()
    assert response.url == reverse("initiatives:detail", args=[initiative.pk])
    assert initiative.status == Status.SUBMITTED
    assert len(mail.outbox) == 3


def test_failed_submit_keeps_the_draft_and_its_files(login, users, campaign, org):
    client = login(users["staff_a"])
    data = application_data(
        campaign=campaign,
        unit=org["school_a"],
        authors=[("Nguyễn Thị Hương", 50), ("Trần Văn Đức", 30)],
        essence="",
        action="submit",
        new_attachment=SimpleUploadedFile("mo-ta.docx", docx_bytes()),
    )
    response = client.post(reverse("initiatives:create"), data, follow=True)
    initiative = Initiative.objects.get()
    assert initiative.status == Status.DRAFT
    assert initiative.authors.count() == 2
    assert [a.original_name for a in initiative.attachments.all()] == ["mo-ta.docx"]
    assert initiative.attachments.get().content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = response.content.decode()
    assert (
        "Chưa thể nộp hồ sơ. Còn thiếu: bản chất của sáng kiến; tổng tỷ lệ đóng góp của các "
        "tác giả bằng 100 % (hiện là 80 %)."
    ) in text
    assert "Bản nháp đã được lưu." in text


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: SimpleUploadedFile("lon.pdf", PDF + b"0" * (25 * 1024 * 1024)),
            "Tệp lon.pdf lớn hơn 20 MB.",
        ),
        (
            lambda: SimpleUploadedFile("setup.pdf", b"MZ\x90\x00\x03" + b"\0" * 200),
            "Chỉ được đính kèm tệp PDF, DOCX, XLSX, JPG và PNG (setup.pdf không thuộc các loại này).",  # noqa: E501
        ),
        (
            lambda: SimpleUploadedFile("bom.docx", zip_bomb_docx()),
            "Tệp bom.docx khi giải nén có dung lượng bất thường nên bị từ chối.",
        ),
        (
            lambda: SimpleUploadedFile("ghi-chu.txt", "Ghi chú".encode()),
            "Chỉ được đính kèm tệp PDF, DOCX, XLSX, JPG và PNG (ghi-chu.txt không thuộc các loại này).",  # noqa: E501
        ),
    ],
    ids=["25MB", "exe-renamed-pdf", "zip-bomb-docx", "text"],
)
def test_bad_upload_is_refused_and_the_draft_is_intact(login, users, initiative, upload, message):
    client = login(users["staff_a"])
    before = initiative.title
    data = application_data(initiative, title="Tên mới không được lưu", action="save")
    data["new_attachment"] = upload()
    response = client.post(reverse("initiatives:edit", args=[initiative.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == before
    assert Attachment.objects.count() == 0


def test_contributions_not_summing_to_100_are_refused_on_submit(login, users, initiative):
    client = login(users["staff_a"])
    data = application_data(initiative, action="submit")
    data["authors-0-contribution"] = "70"
    response = client.post(reverse("initiatives:edit", args=[initiative.pk]), data, follow=True)
    assert (
        "tổng tỷ lệ đóng góp của các tác giả bằng 100 % (hiện là 70 %)" in response.content.decode()
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


# Scope: unit A cannot see, download or edit unit B's initiative ---------------------------


@pytest.fixture
def attachment(initiative, users):
    return services.attachment_add(
        initiative=initiative,
        upload=SimpleUploadedFile("bao-cao.pdf", PDF),
        by=users["staff_a"],
    )


@pytest.mark.parametrize(
    "who, status_code", [("staff_a", 200), ("head_a", 200), ("staff_b", 404), ("outsider", 404)]
)
def test_detail_download_and_edit_scoped_to_unit(
    login, users, initiative, attachment, who, status_code
):
    client = login(users[who])
    assert (
        client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == status_code
    )
    download = client.get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert download.status_code == status_code
    if status_code == 200:
        assert b"".join(download.streaming_content) == PDF
        assert "bao-cao.pdf" in download["Content-Disposition"]
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == status_code
    response = client.post(
        reverse("initiatives:edit", args=[initiative.pk]),
        application_data(initiative, title="Đổi tên", action="save"),
    )
    assert response.status_code == (302 if status_code == 200 else 404)


def test_office_does_not_see_drafts_but_sees_submitted(login, users, initiative):
    client = login(users["office"])
    url = reverse("initiatives:detail", args=[initiative.pk])
    assert client.get(url).status_code == 404
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    assert client.get(url).status_code == 200


def test_anonymous_is_sent_to_login(client, initiative, attachment):
    response = client.get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_office_cannot_edit_a_submitted_application(login, users, initiative):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    client = login(users["office"])
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 404
    login(users["staff_a"])
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 404


# Office actions through the views --------------------------------------------------------


def test_office_returns_then_sees_changes_after_resubmission(login, users, initiative):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    client = login(users["office"])
    response = client.post(
        reverse("initiatives:action", args=[initiative.pk, "return"]),
        {"reason": "Bổ sung số liệu."},
        follow=True,
    )
    assert "Hồ sơ đã được trả lại đơn vị." in response.content.decode()
    client = login(users["staff_a"])
    data = application_data(initiative, action="submit", essence="Bản chất đã viết lại rõ hơn.")
    client.post(reverse("initiatives:edit", args=[initiative.pk]), data)
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert [(h.action, h.changes) for h in history_for(initiative)][2] == (
        "edited",
        {
            "fields": [
                "problem",
                "essence",
                "novelty",
                "applicability",
                "conditions",
                "benefits_authors",
                "benefits_appliers",
                "first_appliers",
                "authors",
            ]
        },
    )
    client = login(users["office"])
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Những thay đổi kể từ khi hồ sơ bị trả lại" in page
    assert "<ins>Bản chất đã viết lại rõ hơn.</ins>" in page


def test_second_reviewer_is_told(login, users, initiative):
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.IN_COUNCIL)
    client = login(users["office"])
    client.post(
        reverse("initiatives:action", args=[initiative.pk, "recognise"]),
        {
            "decision_number": "12/QĐ-SGDĐT",
            "decision_date": "2025-06-01",
            "issuer": "Sở GDĐT",
            "override_reason": "Hội đồng họp trực tiếp, biên bản số 3.",
        },
    )
    client = login(users["admin"])
    response = client.post(
        reverse("initiatives:action", args=[initiative.pk, "reject"]),
        {"reason": "Không đạt"},
        follow=True,
    )
    assert (
        "Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “Được công nhận”."
        in response.content.decode()
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.RECOGNISED


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "council"])
def test_non_reviewers_cannot_act(login, users, initiative, who):
    services.initiative_submit(initiative=initiative, by=users["staff_a"])
    client = login(users[who])
    response = client.post(reverse("initiatives:action", args=[initiative.pk, "send"]))
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert response.status_code in (302, 404)
    assert [h.action for h in history_for(initiative)] == ["submitted"]


def test_decision_date_shown_dmy(login, users, initiative):
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.IN_COUNCIL)
    services.initiative_recognise(
        initiative=initiative,
        by=users["office"],
        decision_number="12/QĐ-SGDĐT",
        decision_date=datetime.date(2025, 6, 1),
        issuer="Sở GDĐT",
        override_reason="Hội đồng họp trực tiếp, biên bản số 3.",
    )
    page = login(users["staff_a"]).get(reverse("initiatives:detail", args=[initiative.pk]))
    assert "Quyết định số 12/QĐ-SGDĐT ngày 01/06/2025, Sở GDĐT" in page.content.decode()


def test_withdraw_through_the_view(login, users, initiative, django_capture_on_commit_callbacks):
    url = reverse("initiatives:action", args=[initiative.pk, "withdraw"])
    assert login(users["staff_b"]).post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users["staff_a"]).post(url, follow=True)
    assert "Hồ sơ đã được rút." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.WITHDRAWN
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "staff_a@example.vn"]
