"""Factories for reporting cycles and yearly reports."""

import datetime

import factory
from factory.django import DjangoModelFactory

from reports.models import ReportingCycle, YearlyReport
from tests.factories import CampaignFactory, UnitFactory

# The smallest valid PDF filetype recognises ("%PDF-" magic).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class ReportingCycleFactory(DjangoModelFactory):
    class Meta:
        model = ReportingCycle

    campaign = factory.SubFactory(CampaignFactory)
    year = 2026
    deadline = datetime.date(2026, 12, 15)


class YearlyReportFactory(DjangoModelFactory):
    class Meta:
        model = YearlyReport

    cycle = factory.SubFactory(ReportingCycleFactory)
    unit = factory.SubFactory(UnitFactory)
