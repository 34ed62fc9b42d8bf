"""The initiative list export holds what users typed as text, never as a live formula."""

from django.urls import reverse

from initiatives.models import Status
from tests.factories import CampaignFactory, UnitFactory
from tests.initiatives.factories import AuthorFactory, InitiativeFactory, RecognitionFactory
from tests.xlsx_checks import HOSTILE, assert_no_formula_and_text_kept, workbook_cells


def test_export_stores_hostile_text_as_text(login, users, org, job_file):
    for text in HOSTILE:
        unit = UnitFactory(parent=org["department"], name=text)
        campaign = CampaignFactory(issuing_unit=org["department"], document_number=text)
        initiative = InitiativeFactory(
            campaign=campaign, unit=unit, title=text, status=Status.SUBMITTED
        )
        AuthorFactory(initiative=initiative, full_name=text)
        RecognitionFactory(initiative=initiative, decision_number=text)
    response = job_file(login(users["office"]), reverse("initiatives:export"))
    content = b"".join(response.streaming_content)
    assert_no_formula_and_text_kept(content, HOSTILE)
    # Title, campaign, unit, authors and recognitions of every row hold their text.
    cells = workbook_cells(content)
    for row in range(2, 2 + len(HOSTILE)):
        texts = [c.column for c in cells if c.row == row and c.data_type == "s"]
        assert set(texts) >= {2, 3, 4, 8, 9}
