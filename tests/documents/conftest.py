"""Fixtures of the layout check: the data the producers print, and the capture of documents."""

import inspect
from pathlib import Path

import pytest
from django.conf import settings

from portal import pdf
from tests.awards.test_dossier import award_round  # noqa: F401 (the dossier's test round)
from tests.reports.conftest import campaign, cycle  # noqa: F401 (a reporting cycle)

from .registry import PRODUCERS

STATIC = Path(settings.BASE_DIR) / "static"


def html_to_pdf(html: str) -> bytes:
    """Lay out one document's HTML exactly as portal.pdf does, on its own."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = pdf.LocalFilesOnly([STATIC, Path(settings.MEDIA_ROOT)])
    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())


class Produced:
    """What one producer handed out (``output``) and each document it rendered on its own."""

    def __init__(self, output: bytes, documents: list[tuple[str, bytes]]):
        self.output = output
        self.documents = documents

    def of(self, template: str) -> list[bytes]:
        return [content for name, content in self.documents if name == template]


_produced: dict[str, Produced] = {}


@pytest.fixture
def produce(request, monkeypatch, db):
    """``produce(name)``: run a producer of the registry once per test session, capturing
    every template it renders through portal.pdf.render_html."""

    def run(name: str) -> Produced:
        if name not in _produced:
            captured = []
            original = pdf.render_html

            def capture(template_name, context=None, **options):
                html = original(template_name, context, **options)
                # A renderer sharing one parsed stylesheet leaves it out of the page: the
                # document is checked as laid out with it, so capture it inline.
                inline = original(template_name, context) if options else html
                captured.append((template_name, inline))
                return html

            make = PRODUCERS[name]
            arguments = {
                argument: request.getfixturevalue(argument)
                for argument in inspect.signature(make).parameters
            }
            with monkeypatch.context() as patch:
                patch.setattr(pdf, "render_html", capture)
                output = make(**arguments)
            documents = [(template, html_to_pdf(html)) for template, html in captured]
            _produced[name] = Produced(output, documents)
        return _produced[name]

    return run
