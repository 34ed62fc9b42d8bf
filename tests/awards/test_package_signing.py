"""The package forwarded to the level above is signed with the lower organisation's
certificate held by the server when one is configured; the upper office sees, for each
document, whether its signature is intact, the document modified, or the certificate not
trusted. Without a certificate the package goes unsigned and its page says so."""

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from awards import forwarding
from awards.models import PackageDocument
from devtools.signing_ca import ThrowawayCA
from portal import signing

from .test_forwarding import _forward, _post, levels  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(request):
    """The Sở's finalised round with a proposal above its authority, and the city above
    (test_forwarding's `levels`)."""
    return request.getfixturevalue("levels")


ORGANISATION_CN = "Sở Giáo dục và Đào tạo"
INTACT = "Hợp lệ, văn bản nguyên vẹn"
CHANGED = "Không hợp lệ: văn bản đã bị thay đổi"


@pytest.fixture
def server_certificate(settings, tmp_path):
    holder = ThrowawayCA().issue(ORGANISATION_CN, "UBND thành phố Hải Phòng")
    path = tmp_path / "org.p12"
    path.write_bytes(holder.pkcs12(b"bi-mat"))
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = "bi-mat"
    return holder


def _rows(content: bytes) -> list[str]:
    """The rows of the package page's table of documents, as text."""
    import re

    html = content.decode()
    section = html[html.index("signature-") - 200 :]
    rows = re.findall(r"<tr class=\"signature-[a-z]+\">(.*?)</tr>", section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_forwarded_documents_are_signed_and_the_upper_office_sees_them_intact(
    login, users, sent, server_certificate, tmp_path
):
    package = _forward(login, users, sent)
    documents = list(package.documents.all())
    assert [d.name for d in documents] == forwarding.package_contents(package)
    for document in documents:
        [report] = signing.validate_pdf(document.file.read())
        assert (report.signer, report.intact, report.trusted) == (ORGANISATION_CN, True, True)
        assert document.signer == ORGANISATION_CN
    path = tmp_path / "to-trinh.pdf"
    path.write_bytes(documents[0].file.open("rb").read())
    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in pdfsig
    assert f"Signer Certificate Common Name: {ORGANISATION_CN}" in pdfsig

    client = login(sent["city_office"])
    page = client.get(reverse("awards:package_detail", args=[package.pk]))
    rows = _rows(page.content)
    assert len(rows) == len(documents)
    for row, document in zip(rows, documents, strict=True):
        assert document.name in row
        assert f"Ký bởi {ORGANISATION_CN}" in row and INTACT in row

    # The ZIP holds the documents as they were sent, signed.
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("awards:package_zip", args=[package.pk])).content)
    )
    assert archive.namelist() == [d.name for d in documents]
    [report] = signing.validate_pdf(archive.read(documents[0].name))
    assert report.signer == ORGANISATION_CN and report.intact


def test_a_document_changed_after_sending_is_reported_modified(
    login, users, sent, server_certificate
):
    package = _forward(login, users, sent)
    letter = package.documents.get(position=1)
    data = bytearray(letter.file.open("rb").read())
    # A byte of the signed revision changes: "WeasyPrint" in the producer becomes "WeasyPrinT".
    at = data.index(b"WeasyPrint") + len("WeasyPrin")
    data[at : at + 1] = b"T"
    Path(letter.file.path).write_bytes(bytes(data))

    checks = forwarding.package_document_checks(package)
    assert [c["state"] for c in checks][:2] == [forwarding.MODIFIED, forwarding.INTACT]
    rows = _rows(
        login(sent["city_office"]).get(reverse("awards:package_detail", args=[package.pk])).content
    )
    assert CHANGED in rows[0] and "Đã bị sửa đổi" in rows[0]
    assert INTACT in rows[1]


def test_a_certificate_of_an_untrusted_authority_is_said_so(
    login, users, sent, server_certificate, settings
):
    package = _forward(login, users, sent)
    # The upper level's server trusts other roots only.
    settings.SIGNING_PKCS12_PATH = ""
    checks = forwarding.package_document_checks(package)
    assert {c["state"] for c in checks} == {forwarding.UNTRUSTED}
    rows = _rows(
        login(sent["city_office"]).get(reverse("awards:package_detail", args=[package.pk])).content
    )
    assert all("không do tổ chức được tin cậy cấp" in row for row in rows)


def test_without_a_server_certificate_the_package_goes_unsigned_and_says_so(
    login, users, sent, settings
):
    settings.SIGNING_PKCS12_PATH = ""
    package = _forward(login, users, sent)
    documents = list(package.documents.all())
    assert documents and all(signing.validate_pdf(d.file.read()) == [] for d in documents)
    page = login(sent["city_office"]).get(reverse("awards:package_detail", args=[package.pk]))
    assert page.status_code == 200
    rows = _rows(page.content)
    assert len(rows) == len(documents)
    assert all("Không được ký" in row and "chưa được cấu hình chứng thư số" in row for row in rows)


def test_sending_again_replaces_the_documents(login, users, sent, server_certificate):
    package = _forward(login, users, sent)
    first = set(package.documents.values_list("pk", flat=True))
    city = login(sent["city_office"])
    _post(city, package, "return", note="Thiếu minh chứng")
    _post(login(users["office"]), package, "resend", note="Đã bổ sung minh chứng")
    package.refresh_from_db()
    assert package.times_sent == 2
    again = set(package.documents.values_list("pk", flat=True))
    assert again and not again & first
    assert PackageDocument.objects.filter(package=package).count() == len(again)
