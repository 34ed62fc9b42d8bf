import pytest

from reports.services import cycle_open
from tests.factories import CampaignFactory, ThemeFactory


@pytest.fixture
def campaign(org):
    """A campaign of the department; the department takes part with its whole subtree."""
    campaign = CampaignFactory(
        issuing_unit=org["department"],
        title="Phong trào thi đua đổi mới sáng tạo và chuyển đổi số",
        document_number="1536/KH-SGDĐT",
    )
    campaign.participants.add(org["department"])
    ThemeFactory(campaign=campaign, order=1, title="Nâng cao nhận thức về chuyển đổi số")
    ThemeFactory(campaign=campaign, order=2, title="Phát triển hạ tầng dữ liệu")
    return campaign


@pytest.fixture
def cycle(campaign):
    return cycle_open(campaign=campaign, year=2026)[0]


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process, even when REDIS_URL is set (CI)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
