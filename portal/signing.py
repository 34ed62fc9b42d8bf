"""Digital signatures on PDF documents (PAdES, with pyHanko).

Two ways to sign, as offices sign in Vietnam:

- with the organisation's certificate held by the server: a PKCS#12 file named in the
  settings (`SIGNING_PKCS12_PATH`, `SIGNING_PKCS12_PASSWORD`); `sign_pdf()`;
- with the signer's own USB token: the server prepares the PDF with an empty signature and
  the digest of its byte range (`prepare_external()`), the token's software signs that digest
  and returns a detached CMS (.p7s), the server embeds it after checking that it signs that
  digest and that its certificate names the signer (`embed_external()`).

Either way the last page carries a visible stamp "Ký bởi: …, Cơ quan: …, Thời gian ký: …".
`validate_pdf()` reads every signature of a PDF back: who signed, when, whether the bytes are
intact, whether the certificate chains to a trusted root and whether the document was
changed after signing.

No app is imported here: the callers pass names and bytes.
"""

import asyncio
import base64
import binascii
import concurrent.futures
import datetime
import functools
import hashlib
import io
import unicodedata
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

FIELD_PREFIX = "ChuKySo"
STAMP_WIDTH = 230
STAMP_HEIGHT = 44
# The detached CMS of a token with a certificate chain of three and no timestamp is under
# 8 KB; the placeholder holds twice that (hex), with room to spare.
EXTERNAL_RESERVED = 32768
DIGEST = "sha256"
# A signing certificate must allow signatures: either key usage will do (pyHanko's default
# asks for non-repudiation alone, which some organisation certificates lack).
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)

NOT_CONFIGURED = gettext_lazy(
    "Signing with the organisation's certificate is not available: the server has no "
    "certificate configured (SIGNING_PKCS12_PATH)."
)


class SigningError(Exception):
    """A refusal with a message for the user (in Vietnamese once translated)."""


@dataclass(frozen=True)
class SignatureReport:
    """What one signature of a PDF says, as a reviewer reads it."""

    field: str
    signer: str  # the certificate's common name
    organisation: str  # the certificate's organisation, if any
    signed_at: datetime.datetime | None  # the time the signer's software claims
    intact: bool  # the signed bytes are unchanged and the signature is mathematically valid
    trusted: bool  # the certificate chains to a root this server trusts
    covers_whole: bool  # nothing was added after this signature
    modified_since: bool  # content changed after signing (beyond adding signatures/fields)

    @property
    def verdict(self) -> str:
        if not self.intact:
            return _("Invalid: the document was changed after signing")
        if self.modified_since:
            return _("Valid signature, but the document was modified after signing")
        if not self.trusted:
            return _("Intact, but the certificate is not issued by a trusted authority")
        return _("Valid and intact")

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.modified_since

    def as_data(self) -> dict:
        return {
            "field": self.field,
            "signer": self.signer,
            "organisation": self.organisation,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "covers_whole": self.covers_whole,
            "modified_since": self.modified_since,
        }

    @classmethod
    def from_data(cls, data: dict) -> "SignatureReport":
        signed_at = data.get("signed_at")
        return cls(
            field=data.get("field", ""),
            signer=data.get("signer", ""),
            organisation=data.get("organisation", ""),
            signed_at=datetime.datetime.fromisoformat(signed_at) if signed_at else None,
            intact=bool(data.get("intact")),
            trusted=bool(data.get("trusted")),
            covers_whole=bool(data.get("covers_whole")),
            modified_since=bool(data.get("modified_since")),
        )


# --- configuration ------------------------------------------------------------------------


def _outside_event_loop(function):
    """pyHanko's functions run their own event loop (asyncio.run), which cannot start in a
    thread where a loop already runs (an ASGI server, a test session driving a browser):
    there the call is made in a thread of its own."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return call


def server_signing_available() -> bool:
    path = getattr(settings, "SIGNING_PKCS12_PATH", "")
    return bool(path) and Path(path).is_file()


def _server_signer() -> signers.SimpleSigner:
    if not server_signing_available():
        raise SigningError(str(NOT_CONFIGURED))
    password = getattr(settings, "SIGNING_PKCS12_PASSWORD", "") or ""
    signer = signers.SimpleSigner.load_pkcs12(
        settings.SIGNING_PKCS12_PATH, passphrase=password.encode() or None
    )
    if signer is None:
        raise SigningError(
            _("The server's certificate file cannot be opened (wrong password or damaged).")
        )
    return signer


def server_certificate_name() -> str:
    """The common name on the server's certificate; empty when none is configured."""
    try:
        return _common_name(_server_signer().signing_cert)
    except SigningError:
        return ""


def trust_roots() -> list[asn1_x509.Certificate]:
    """The roots this server trusts: the PEM bundle `SIGNING_TRUST_ROOTS` (e.g. the national
    root CA and the licensed CAs) and the chain of its own PKCS#12."""
    roots = []
    bundle = getattr(settings, "SIGNING_TRUST_ROOTS", "")
    if bundle and Path(bundle).is_file():
        roots.extend(_load_certificates(Path(bundle).read_bytes()))
    if server_signing_available():
        try:
            signer = _server_signer()
        except SigningError:
            signer = None
        if signer is not None:
            chain = list(signer.cert_registry)
            roots.extend(chain or [signer.signing_cert])
    return roots


def _load_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, True)]
    return [asn1_x509.Certificate.load(data)]


# --- the visible stamp --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise SigningError(_("No font with Vietnamese glyphs is installed for the signature stamp."))


class _PdfUnitsGlyphAccumulator(GlyphAccumulator):
    """pyHanko's glyph accumulator with glyph metrics in the PDF's thousandths of an em.

    pyHanko writes the font's own units into the /W widths, which is only right for fonts
    of 1000 units per em; the serif fonts with full Vietnamese coverage (Liberation, DejaVu)
    have 2048, and their text came out twice as wide. Shaping at a scale of 1000 and scaling
    the widths to match keeps positions and widths in one unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._font_units = self.units_per_em
        self.hb_font.scale = (1000, 1000)
        self.units_per_em = 1000

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        if glyph_id in self._glyphs:
            return self._glyphs[glyph_id]
        cid, width = super()._get_cid_and_width(glyph_id)
        self._glyphs[glyph_id] = result = cid, round(width * 1000 / self._font_units)
        return result


class _FontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        handle = open(self.font_file, "rb")  # noqa: SIM115 - the engine reads it when writing
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _PdfUnitsGlyphAccumulator(
            writer=writer, font_handle=handle, font_size=self.font_size, obj_stream=obj_stream
        )


def _stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text=_(
            "Signed by: %(signer_name)s\nOrganisation: %(organisation)s\nSigned at: %(when)s"
        ),
        text_box_style=TextBoxStyle(font=_FontFactory(_font_path()), font_size=9),
        border_width=1,
        background=None,
    )


def stamp_time(moment: datetime.datetime) -> str:
    """dd/mm/yyyy HH:MM:SS +07:00, in Vietnam's time."""
    local = moment.astimezone(LOCAL_TIME)
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def _stamp_box(pdf: bytes, signer_name: str) -> tuple[int, tuple[int, int, int, int]]:
    """Where the stamp goes: just above the signer's printed name on the last page that
    shows it (the space a handwritten signature takes, Nghị định 30/2020 Phụ lục I; annexes
    may follow the signature block), otherwise the last page's bottom right corner."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    wanted = _normalised(signer_name)
    for index in range(len(reader.pages) - 1, -1, -1) if wanted else ():
        page = reader.pages[index]
        found: list[tuple[float, float]] = []

        def visit(text, cm, tm, _font, size, found=found):
            if _normalised(text) == wanted:
                # The middle of the printed name (a serif's letters average half an em).
                middle = tm[4] * cm[0] + cm[4] + 0.25 * float(size or 12) * len(text.strip())
                found.append((middle, tm[5] * cm[3] + cm[5]))

        try:
            page.extract_text(visitor_text=visit)
        except Exception:  # noqa: BLE001, S112 - a page pypdf cannot read is passed over
            continue
        if found:
            middle, baseline = found[-1]
            return index, _box_at(page, int(baseline) + 16, middle)
    last = len(reader.pages) - 1
    return last, _box_at(reader.pages[last], 60, None)


def _box_at(page, bottom: int, middle: float | None) -> tuple[int, int, int, int]:
    width = int(float(page.mediabox.width))
    right = width - 40 if middle is None else int(middle + STAMP_WIDTH / 2)
    right = max(40 + STAMP_WIDTH, min(right, width - 20))
    return (right - STAMP_WIDTH, bottom, right, bottom + STAMP_HEIGHT)


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _next_field_name(pdf: bytes) -> str:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(reader)}
    number = 1
    while f"{FIELD_PREFIX}{number}" in taken:
        number += 1
    return f"{FIELD_PREFIX}{number}"


def _pdf_signer(pdf, *, signer, signer_name, reason, location, place_at) -> signers.PdfSigner:
    field_name = _next_field_name(pdf)
    page, box = _stamp_box(pdf, place_at or signer_name)
    return signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm=DIGEST,
            reason=reason or None,
            location=location or None,
            name=signer_name,
            subfilter=fields.SigSeedSubFilter.PADES,
        ),
        signer=signer,
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box),
    )


def _text_params(signer_name: str, organisation: str, moment: datetime.datetime) -> dict:
    return {"signer_name": signer_name, "organisation": organisation, "when": stamp_time(moment)}


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as error:  # noqa: BLE001 - any parse failure is a damaged file
        raise SigningError(_("The document is not a readable PDF.")) from error


# --- signing with the server's certificate ------------------------------------------------


@_outside_event_loop
def sign_pdf(
    pdf: bytes,
    *,
    signer_name: str,
    organisation: str,
    reason: str,
    location: str = "",
    signer: signers.Signer | None = None,
    now: datetime.datetime | None = None,
    place_at: str = "",
) -> bytes:
    """`pdf` signed with the server's PKCS#12 (or `signer`), with the visible stamp above
    the printed name `place_at` (the signer's name unless told; the organisation's
    certificate signs a document whose signature block names a person)."""
    signer = signer or _server_signer()
    moment = now or timezone.now()
    pdf_signer = _pdf_signer(
        pdf,
        signer=signer,
        signer_name=signer_name,
        reason=reason,
        location=location,
        place_at=place_at,
    )
    output = pdf_signer.sign_pdf(
        _writer(pdf), appearance_text_params=_text_params(signer_name, organisation, moment)
    )
    return output.getvalue()


# --- signing with the signer's token ------------------------------------------------------


@_outside_event_loop
def prepare_external(
    pdf: bytes,
    *,
    signer_name: str,
    organisation: str,
    reason: str,
    location: str = "",
    now: datetime.datetime | None = None,
) -> tuple[bytes, bytes, dict]:
    """The PDF with an empty signature and its stamp, the SHA-256 digest of its byte range
    (what the token signs) and the data `embed_external` needs to finish (JSON-able)."""
    moment = now or timezone.now()
    placeholder = signers.ExternalSigner(
        signing_cert=None, cert_registry=None, signature_value=bytes(256)
    )
    pdf_signer = _pdf_signer(
        pdf,
        signer=placeholder,
        signer_name=signer_name,
        reason=reason,
        location=location,
        place_at="",
    )
    prepared, _tbs, output = asyncio.run(
        pdf_signer.async_digest_doc_for_signing(
            _writer(pdf),
            bytes_reserved=EXTERNAL_RESERVED,
            appearance_text_params=_text_params(signer_name, organisation, moment),
        )
    )
    session = {
        "digest": prepared.document_digest.hex(),
        "start": prepared.reserved_region_start,
        "end": prepared.reserved_region_end,
        "algorithm": DIGEST,
        "signer_name": signer_name,
    }
    return output.getvalue(), prepared.document_digest, session


def read_cms(data: bytes) -> cms.ContentInfo:
    """A detached CMS from a .p7s upload: DER, PEM or base64 text."""
    # DER is taken as it is: its last bytes are a signature value, which may well end in
    # what strip() would take for white space. Only the text forms are stripped.
    raw = data if data[:1] == b"\x30" else data.strip()
    if raw.startswith(b"-----BEGIN"):
        try:
            _type, _headers, raw = pem.unarmor(raw)
        except ValueError as error:
            raise SigningError(_("The signature file cannot be read.")) from error
    elif raw[:1] != b"\x30":
        try:
            raw = base64.b64decode(b"".join(raw.split()), validate=True)
        except (binascii.Error, ValueError) as error:
            raise SigningError(_("The signature file cannot be read.")) from error
    try:
        info = cms.ContentInfo.load(raw)
        if info["content_type"].native != "signed_data":
            raise ValueError
        info["content"]["signer_infos"][0]  # noqa: B018 - parse now, fail here
    except Exception as error:  # noqa: BLE001 - asn1crypto raises many kinds
        raise SigningError(_("The signature file is not a CMS/PKCS#7 signature (.p7s).")) from error
    return info


def _signer_certificate(signed_data) -> asn1_x509.Certificate:
    signer_info = signed_data["signer_infos"][0]
    sid = signer_info["sid"]
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                cert.serial_number == wanted["serial_number"].native
                and cert.issuer == wanted["issuer"]
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    raise SigningError(_("The signature does not carry the signer's certificate."))


def _common_name(cert: asn1_x509.Certificate) -> str:
    return cert.subject.native.get("common_name", "") or ""


def _check_cms(info: cms.ContentInfo, *, digest: bytes, signer_name: str) -> None:
    """The CMS signs `digest` (its messageDigest attribute), its signature verifies with its
    certificate, and that certificate names the signer."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    signed_data = info["content"]
    signer_info = signed_data["signer_infos"][0]
    cert = _signer_certificate(signed_data)
    attrs = signer_info["signed_attrs"]
    message_digest = None
    for attr in attrs or []:
        if attr["type"].native == "message_digest":
            message_digest = attr["values"][0].native
    if message_digest != digest:
        raise SigningError(
            _(
                "The signature was not made on this document: it signs a different digest. "
                "Sign the digest shown on this page."
            )
        )
    try:
        valid, _intact = validate_sig_integrity(
            signer_info, cert, expected_content_type="data", actual_digest=digest
        )
    except Exception as error:  # noqa: BLE001 - malformed attributes or algorithms
        raise SigningError(_("The signature cannot be verified.")) from error
    if not valid:
        raise SigningError(_("The signature does not verify with its certificate."))
    if _normalised(_common_name(cert)) != _normalised(signer_name):
        raise SigningError(
            _("The certificate belongs to %(holder)s, not to the signer %(signer)s.")
            % {"holder": _common_name(cert) or "?", "signer": signer_name}
        )


@_outside_event_loop
def embed_external(prepared: bytes, cms_der: bytes, *, session: dict) -> bytes:
    """The prepared PDF with the token's detached CMS in its signature, after checking it."""
    info = read_cms(cms_der)
    digest = bytes.fromhex(session["digest"])
    # The prepared file must still be the one whose digest was offered.
    start, end = session["start"], session["end"]
    recomputed = hashlib.new(session.get("algorithm", DIGEST))
    recomputed.update(prepared[:start])
    recomputed.update(prepared[end:])
    if recomputed.digest() != digest:
        raise SigningError(_("The prepared document changed; prepare it again."))
    _check_cms(info, digest=digest, signer_name=session["signer_name"])
    if len(info.dump()) * 2 > end - start - 2:
        raise SigningError(_("The signature is too large to embed."))
    output = io.BytesIO(prepared)
    PdfTBSDocument.finish_signing(
        output,
        PreparedByteRangeDigest(
            document_digest=digest, reserved_region_start=start, reserved_region_end=end
        ),
        info,
    )
    return output.getvalue()


# --- validation ---------------------------------------------------------------------------


@_outside_event_loop
def validate_pdf(
    pdf: bytes, *, roots: list[asn1_x509.Certificate] | None = None
) -> list[SignatureReport]:
    """Every signature of `pdf`, read back; empty when it has none or is not a PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001 - not a PDF, or one pyHanko cannot parse
        return []
    roots = trust_roots() if roots is None else roots
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(
                signature, signer_validation_context=context, key_usage_settings=KEY_USAGE
            )
        except Exception:  # noqa: BLE001 - a signature too broken to read is invalid
            reports.append(
                SignatureReport(
                    field=signature.field_name or "",
                    signer="",
                    organisation="",
                    signed_at=None,
                    intact=False,
                    trusted=False,
                    covers_whole=False,
                    modified_since=True,
                )
            )
            continue
        cert = status.signing_cert
        subject = cert.subject.native if cert is not None else {}
        covers_whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        modified = status.docmdp_ok is False or (
            not covers_whole and status.coverage != SignatureCoverageLevel.ENTIRE_REVISION
        )
        reports.append(
            SignatureReport(
                field=signature.field_name or "",
                signer=subject.get("common_name", "") or "",
                organisation=subject.get("organization_name", "") or "",
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                covers_whole=covers_whole,
                modified_since=modified,
            )
        )
    return reports
