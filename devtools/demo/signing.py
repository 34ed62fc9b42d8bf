"""The demo's digital signatures: a throwaway certificate authority and the certificate of
the Hải Phòng department, written into MEDIA_ROOT (never into the repository), which the
development settings use as the server's PKCS#12 and trusted roots. Production configures
its own (SIGNING_PKCS12_PATH, SIGNING_PKCS12_PASSWORD, SIGNING_TRUST_ROOTS).

Finalised demo rounds without a signer of their tờ trình get the organisation's head, so
their dossier can be signed."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

from awards.models import AwardRound, RoundStatus
from units.models import Signer, Unit

ORGANISATION = "HP-SGD"
DEMO_PASSWORD = b"demo"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cổng thi đua (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificates(organisation_name: str, pkcs12_path: Path, roots_path: Path) -> None:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("CA thử nghiệm của bản demo"))
        .issuer_name(_name("CA thử nghiệm của bản demo"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(organisation_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pkcs12_path.parent.mkdir(parents=True, exist_ok=True)
    pkcs12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"demo",
            key,
            cert,
            [ca_cert],
            serialization.BestAvailableEncryption(DEMO_PASSWORD),
        )
    )
    roots_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))


def seed(stdout) -> None:
    organisation = Unit.objects.filter(code=ORGANISATION).first()
    if organisation is None:
        return
    pkcs12_path = Path(settings.SIGNING_PKCS12_PATH or "")
    roots_path = Path(settings.SIGNING_TRUST_ROOTS or "")
    if (
        settings.SIGNING_PKCS12_PATH
        and settings.SIGNING_TRUST_ROOTS
        and str(pkcs12_path).startswith(str(settings.MEDIA_ROOT))
        and not pkcs12_path.exists()
    ):
        _certificates(organisation.name, pkcs12_path, roots_path)
        stdout.write(f"signing: a demo certificate for {organisation.name} in {pkcs12_path}")
    head = Signer.objects.filter(organisation=organisation, active=True).order_by("id").first()
    if head is not None:
        AwardRound.objects.filter(
            campaign__issuing_unit=organisation,
            status=RoundStatus.FINALISED,
            letter_signer__isnull=True,
        ).update(letter_signer=head)
