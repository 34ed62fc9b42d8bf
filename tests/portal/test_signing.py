"""PAdES signatures (portal/signing.py) with a throwaway CA made in the test: signed with a
server key and with a token's detached CMS, read back by pyHanko and by poppler's pdfsig,
the stamp looked at, a tampered copy reported, a wrong CMS refused."""

import asyncio
import concurrent.futures
import io
import subprocess

import pytest
from pypdf import PdfReader

from devtools.signing_ca import ThrowawayCA
from portal import signing
from portal.pdf import render_pdf

SIGNER = "Nguyễn Văn Thành"


@pytest.fixture(scope="module")
def ca():
    return ThrowawayCA()


@pytest.fixture(scope="module")
def holder(ca):
    return ca.issue(SIGNER, "Sở Giáo dục và Đào tạo Hải Phòng")


@pytest.fixture(scope="module")
def letter():
    """A tờ trình whose signature block names the signer (documents/sample.html)."""
    from portal.documents import sample_context

    return render_pdf("documents/sample.html", sample_context())


def pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stdout


def test_unsigned_pdf_has_no_signature(letter, tmp_path):
    assert signing.validate_pdf(letter) == []
    assert "does not contain any signatures" in pdfsig(letter, tmp_path)


def test_server_signature_is_valid_for_pyhanko_and_pdfsig(ca, holder, letter, tmp_path):
    signed = signing.sign_pdf(
        letter,
        signer_name=SIGNER,
        organisation="Sở Giáo dục và Đào tạo",
        reason="Phê duyệt",
        signer=holder.signer(),
    )
    [report] = signing.validate_pdf(signed, roots=[ca.asn1_cert])
    assert report.signer == SIGNER
    assert report.intact and report.trusted and report.covers_whole
    assert not report.modified_since
    assert report.signed_at is not None

    out = pdfsig(signed, tmp_path)
    assert f"Signer Certificate Common Name: {SIGNER}" in out
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out
    # Trust is the server's to decide: pdfsig does not know the throwaway CA.
    assert "Certificate issuer isn't Trusted" in out
    # Without the CA among the roots, pyHanko says the same.
    [untrusted] = signing.validate_pdf(signed, roots=[])
    assert untrusted.intact and not untrusted.trusted


def test_stamp_names_signer_and_time_on_the_last_page(holder, letter, tmp_path):
    import datetime

    moment = datetime.datetime(2027, 1, 5, 2, 30, 15, tzinfo=datetime.UTC)
    signed = signing.sign_pdf(
        letter,
        signer_name=SIGNER,
        organisation="Sở Giáo dục và Đào tạo",
        reason="Phê duyệt",
        signer=holder.signer(),
        now=moment,
    )
    reader = PdfReader(io.BytesIO(signed))
    # The field sits on the page of the signature block, above the printed name; the
    # annex (danh sách) after it is left alone.
    pages = [
        number
        for number, page in enumerate(reader.pages, start=1)
        for a in page.get("/Annots", [])
        if a.get_object().get("/T") == "ChuKySo1"
    ]
    assert len(pages) == 1
    [page] = pages
    assert page < len(reader.pages)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Ký bởi: {SIGNER}" in text
    assert "Cơ quan: Sở Giáo dục và Đào tạo" in text
    assert "Thời gian ký: 05/01/2027 09:30:15 +07:00" in text
    lines = text.splitlines()
    stamp_line = next(i for i, line in enumerate(lines) if "Thời gian ký" in line)
    name_line = next(i for i, line in enumerate(lines) if line.strip() == SIGNER)
    assert stamp_line < name_line


def test_token_flow_embeds_a_detached_cms_over_the_digest(ca, holder, letter, tmp_path):
    prepared, digest, session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở Giáo dục và Đào tạo", reason="Phê duyệt"
    )
    assert len(digest) == 32
    signed = signing.embed_external(prepared, holder.token_cms(digest), session=session)
    [report] = signing.validate_pdf(signed, roots=[ca.asn1_cert])
    assert report.signer == SIGNER and report.intact and report.trusted
    assert "Signature Validation: Signature is Valid." in pdfsig(signed, tmp_path)


def test_token_cms_in_base64_and_pem_is_read(holder, letter):
    import base64

    prepared, digest, session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở", reason="x"
    )
    der = holder.token_cms(digest)
    signed = signing.embed_external(prepared, base64.b64encode(der), session=session)
    assert signing.validate_pdf(signed, roots=[])[0].intact


def test_cms_of_another_document_is_refused(holder, letter):
    prepared, digest, session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở", reason="x"
    )
    other = bytes(32)
    with pytest.raises(signing.SigningError, match="giá trị băm khác"):
        signing.embed_external(prepared, holder.token_cms(other), session=session)


def test_cms_of_another_person_is_refused(ca, letter):
    stranger = ca.issue("Trần Văn Khác")
    prepared, digest, session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở", reason="x"
    )
    with pytest.raises(signing.SigningError, match="Chứng thư số thuộc về Trần Văn Khác"):
        signing.embed_external(prepared, stranger.token_cms(digest), session=session)


def test_garbage_instead_of_cms_is_refused(letter):
    prepared, _digest, session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở", reason="x"
    )
    with pytest.raises(signing.SigningError):
        signing.embed_external(prepared, b"not a signature at all", session=session)


def test_tampered_pdf_is_reported_invalid(ca, holder, letter, tmp_path):
    signed = signing.sign_pdf(
        letter, signer_name=SIGNER, organisation="Sở", reason="x", signer=holder.signer()
    )
    # Change one byte inside the signed range (the document's info, early in the file).
    position = signed.index(b"WeasyPrint")
    tampered = signed[:position] + b"X" + signed[position + 1 :]
    [report] = signing.validate_pdf(tampered, roots=[ca.asn1_cert])
    assert not report.intact
    assert "Signature Validation: Digest Mismatch." in pdfsig(tampered, tmp_path)


def test_content_added_after_signing_is_reported_modified(ca, holder, letter):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = signing.sign_pdf(
        letter, signer_name=SIGNER, organisation="Sở", reason="x", signer=holder.signer()
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (Da sua) Tj ET")
    page_obj = page.get_object()
    page_obj["/Contents"] = writer.add_object(stream)
    writer.update_container(page_obj)
    out = io.BytesIO()
    writer.write(out)
    [report] = signing.validate_pdf(out.getvalue(), roots=[ca.asn1_cert])
    assert report.intact
    assert not report.covers_whole
    assert report.modified_since
    assert not report.ok


def test_server_signing_unavailable_without_configuration(settings, letter):
    settings.SIGNING_PKCS12_PATH = ""
    assert not signing.server_signing_available()
    with pytest.raises(signing.SigningError):
        signing.sign_pdf(letter, signer_name="A", organisation="B", reason="C")


def test_server_pkcs12_from_settings(settings, tmp_path, ca, letter):
    organisation = ca.issue("Sở Giáo dục và Đào tạo Hải Phòng", "UBND thành phố Hải Phòng")
    path = tmp_path / "org.p12"
    path.write_bytes(organisation.pkcs12(b"mat-khau"))
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = "mat-khau"
    assert signing.server_certificate_name() == "Sở Giáo dục và Đào tạo Hải Phòng"
    signed = signing.sign_pdf(
        letter, signer_name="Sở Giáo dục và Đào tạo Hải Phòng", organisation="Sở", reason="x"
    )
    # The server trusts its own chain.
    [report] = signing.validate_pdf(signed)
    assert report.trusted and report.intact


def test_a_der_signature_ending_in_a_white_space_byte_is_read_whole(holder, letter):
    """A DER signature value is random bytes: about one token signature in forty ends in a
    byte that is also ASCII white space, and must not be cut as if it were text."""
    _prepared, digest, _session = signing.prepare_external(
        letter, signer_name=SIGNER, organisation="Sở", reason="x"
    )
    der = holder.token_cms(digest)
    for last in b" \t\n\r\x0b\x0c":
        ending = der[:-1] + bytes([last])
        info = signing.read_cms(ending)
        assert info.dump(force=True) == ending


def test_signing_works_where_an_event_loop_already_runs(ca, holder, letter):
    """pyHanko starts an event loop of its own; called from a thread where one runs (an
    ASGI server, the browser tests' session) signing and validating still work."""

    async def in_a_running_loop():
        signed = signing.sign_pdf(
            letter,
            signer_name=SIGNER,
            organisation="Sở Giáo dục và Đào tạo",
            reason="Phê duyệt",
            signer=holder.signer(),
        )
        _prepared, digest, _session = signing.prepare_external(
            letter, signer_name=SIGNER, organisation="Sở", reason="x"
        )
        return signing.validate_pdf(signed, roots=[ca.asn1_cert]), digest

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        [report], digest = pool.submit(asyncio.run, in_a_running_loop()).result()
    assert report.signer == SIGNER and report.intact and report.trusted
    assert len(digest) == 32
