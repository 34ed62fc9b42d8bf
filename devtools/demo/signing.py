"""The demo's digital signatures: a throwaway certificate authority and the certificate of
the Hải Phòng department, written into MEDIA_ROOT (never into the repository), which the
development settings use as the server's PKCS#12 and trusted roots. Production configures
its own (SIGNING_PKCS12_PATH, SIGNING_PKCS12_PASSWORD, SIGNING_TRUST_ROOTS).

Finalised demo rounds without a signer of their tờ trình get the organisation's head, so
their dossier can be signed."""

from pathlib import Path

from django.conf import settings

from awards.models import AwardRound, RoundStatus
from devtools.signing_ca import ThrowawayCA
from units.models import Signer, Unit

ORGANISATION = "HP-SGD"
DEMO_PASSWORD = b"demo"
DEMO_ISSUER = "Cổng thi đua (demo)"


def _certificates(organisation_name: str, pkcs12_path: Path, roots_path: Path) -> None:
    authority = ThrowawayCA("CA thử nghiệm của bản demo", organisation=DEMO_ISSUER, days=3650)
    issued = authority.issue(organisation_name, DEMO_ISSUER, days=3650)
    pkcs12_path.parent.mkdir(parents=True, exist_ok=True)
    pkcs12_path.write_bytes(issued.pkcs12(DEMO_PASSWORD))
    roots_path.write_bytes(authority.pem())


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
