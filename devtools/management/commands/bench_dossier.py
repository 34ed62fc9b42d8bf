"""Render the dossier of a round with many nominees and report time, memory and size.

Everything it creates lives in one transaction that is rolled back, with files in a
temporary media folder, so it can run against any database: `make bench-dossier`.

In the same run it lays out the same documents with bare WeasyPrint (each document's HTML,
stylesheet inline, ``HTML(string=...).write_pdf()``, nothing else) and prints the ratio of
the seconds per page. Several ``--nominees`` sizes run one after the other, each in a
process of its own, so each size's peak memory is its own.
"""

import datetime
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from awards import dossier
from awards.models import (
    AwardProposal,
    AwardRound,
    CouncilMeeting,
    EvidenceKind,
    NomineeKind,
    ProposalEvidence,
    ProposalStatus,
    RoundStatus,
    Vote,
    VoteResult,
)
from campaigns.models import AwardForm, Campaign, RecipientKind, RoundKind
from portal import pdf
from portal.pdf import render_pdf
from units.models import Person, Unit, UnitKind, User

PREFIX = "BENCH-DOSSIER"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Thị", "Văn", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc"]
GIVEN = ["An", "Bích", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Nhung", "Thắng"]
PARAGRAPH = (
    "Trong năm học, đơn vị đã chủ động xây dựng kế hoạch, tổ chức hội thảo chuyên đề về "
    "chuyển đổi số trong dạy học, ứng dụng trí tuệ nhân tạo để xây dựng học liệu số, đổi mới "
    "phương pháp kiểm tra, đánh giá; {n} sáng kiến được Hội đồng khoa học cơ sở công nhận, "
    "trong đó có sáng kiến được áp dụng rộng rãi tại các trường trên địa bàn thành phố, mang "
    "lại hiệu quả rõ rệt về chất lượng giáo dục và tiết kiệm chi phí."
)


def _text(n: int, paragraphs: int) -> str:
    return "\n\n".join(PARAGRAPH.format(n=n + i) for i in range(paragraphs))


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render an award dossier of N nominees (rolled back) and print the figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--nominees", type=int, nargs="+", default=[50], help="one or more round sizes"
        )
        parser.add_argument("--evidence", type=int, default=5, help="evidence PDFs to append")
        parser.add_argument("--output", default="", help="also write the PDF to this path")
        parser.add_argument(
            "--heap", action="store_true", help="render a second time to trace the Python heap"
        )

    def handle(self, *args, nominees, evidence, output, heap, **options):
        if len(nominees) > 1:
            # Each size in a fresh process: ru_maxrss is the peak of the whole process.
            for size in nominees:
                command = [sys.executable, sys.argv[0], "bench_dossier", "--nominees", str(size)]
                command += ["--evidence", str(evidence)] + (["--heap"] if heap else [])
                subprocess.run(command, check=True)
                self.stdout.write("")
            return
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(
                MEDIA_ROOT=media,
                STORAGES={
                    "default": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": media},
                    },
                    "staticfiles": {
                        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                    },
                },
            ),
        ):
            try:
                with transaction.atomic():
                    self._run(nominees[0], evidence, output, heap)
                    raise Rollback
            except Rollback:
                pass

    def _run(self, nominees, evidence, output, heap):
        award_round = self._build(nominees, evidence)
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB else
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
        # The portal's renderer, as the Celery job runs it, written to a temporary file.
        steps = []
        with tempfile.TemporaryFile() as out:
            started, cpu_started = time.perf_counter(), time.process_time()
            dossier.render_dossier(award_round, progress=steps.append, out=out)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
            size = out.tell()
            out.seek(0)
            pages = len(PdfReader(out).pages)
            if output:
                out.seek(0)
                with open(output, "wb") as handle:
                    handle.write(out.read())
        peak = None
        if heap:
            # The Python heap's peak (tracemalloc slows the run down).
            tracemalloc.start()
            with tempfile.TemporaryFile() as out:
                dossier.render_dossier(award_round, out=out)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        bare_seconds, bare_cpu, bare_pages, documents = self._bare(award_round)
        evidence_pages = evidence  # each evidence PDF of the bench has one page
        laid_out = pages - evidence_pages
        # Seconds per page, wall and CPU (CPU is steadier when other work shares the cores).
        ratio = (elapsed / laid_out) / (bare_seconds / bare_pages)
        cpu_ratio = (cpu / laid_out) / (bare_cpu / bare_pages)
        mib = 1024 * 1024
        lines = [
            f"nominees: {nominees} ({nominees // 5} collectives, "
            f"{nominees - nominees // 5} individuals), evidence PDFs: {evidence}",
            f"portal renderer: {elapsed:.2f} s wall, {cpu:.2f} s CPU, {documents} documents, "
            f"{laid_out} pages laid out ({laid_out / elapsed:.1f} pages/s) + "
            f"{evidence_pages} evidence pages",
            f"bare WeasyPrint, same HTML: {bare_seconds:.2f} s wall, {bare_cpu:.2f} s CPU, "
            f"{bare_pages} pages ({bare_pages / bare_seconds:.1f} pages/s)",
            f"ratio, portal ÷ bare, seconds per page: {ratio:.2f} wall, {cpu_ratio:.2f} CPU",
            f"peak process RSS (ru_maxrss) after the portal renderer: {rss_after / mib:.1f} MiB "
            f"(before rendering: {rss_before / mib:.1f} MiB, "
            f"growth {(rss_after - rss_before) / mib:.1f} MiB)",
        ]
        if peak is not None:
            lines.append(f"peak Python heap (tracemalloc, second run): {peak / mib:.1f} MiB")
        lines += [
            f"pages: {pages}",
            f"file size: {size / 1024:.0f} KiB",
            f"progress steps reported: {len(steps)}",
        ]
        for line in lines:
            self.stdout.write(line)

    def _bare(self, award_round) -> tuple[float, float, int, int]:
        """Bare WeasyPrint on the dossier's own HTML: each document rendered by the portal's
        templates beforehand (not timed), then laid out and written on its own."""
        from weasyprint import HTML

        base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
        roots = [Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT)]
        fetcher = pdf.LocalFilesOnly(roots)
        data = dossier.dossier_data(award_round)
        pages = documents = 0
        seconds = cpu = 0.0
        for template_name, context in dossier.dossier_parts(data):
            html = pdf.render_html(template_name, context)
            started, cpu_started = time.perf_counter(), time.process_time()
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
            document.write_pdf()
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            pages += len(document.pages)
            documents += 1
        return seconds, cpu, pages, documents

    def _build(self, nominees: int, evidence: int) -> AwardRound:
        stamp = timezone.now().strftime("%H%M%S%f")
        code = f"{PREFIX}-{stamp}"
        department = Unit.objects.create(
            code=code,
            name="Sở Giáo dục và Đào tạo (đo hiệu năng)",
            kind=UnitKind.DEPARTMENT,
            headcount=120,
            place="Hải Phòng",
            short_code="SGDĐT",
        )
        schools = [
            Unit.objects.create(
                code=f"{code}-{i}",
                name=f"Trường THPT Số {i + 1}",
                kind=UnitKind.UPPER_SECONDARY,
                parent=department,
                headcount=60 + i,
            )
            for i in range(max(10, nominees // 5))
        ]
        campaign = Campaign.objects.create(
            title="Phát động phong trào thi đua “Nghiên cứu khoa học và phát triển công nghệ, "
            "phát huy sáng kiến” ngành Giáo dục và Đào tạo",
            issuing_unit=department,
            document_number="1536/KH-SGDĐT",
            document_date=datetime.date(2024, 12, 2),
            start_year=2024,
            end_year=2030,
        )
        forms = [
            AwardForm.objects.create(
                campaign=campaign,
                order=1,
                name="Bằng khen của Chủ tịch UBND thành phố",
                authority="Chủ tịch UBND thành phố",
                recipients=RecipientKind.BOTH,
                vote_threshold=80,
            ),
            AwardForm.objects.create(
                campaign=campaign,
                order=2,
                name="Giấy khen của Giám đốc Sở",
                authority="Giám đốc Sở Giáo dục và Đào tạo",
                recipients=RecipientKind.BOTH,
                vote_threshold=50,
            ),
        ]
        award_round = AwardRound.objects.create(
            campaign=campaign,
            kind=RoundKind.INTERIM,
            year=2027,
            period_start=datetime.date(2024, 12, 2),
            period_end=datetime.date(2027, 5, 18),
            deadline=datetime.date(2027, 4, 30),
            status=RoundStatus.FINALISED,
            finalised_at=timezone.now(),
        )
        council = []
        for i in range(7):
            person = Person.objects.create(
                full_name=f"{FAMILY[i]} {MIDDLE[i]} {GIVEN[i]}", unit=department
            )
            council.append(User.objects.create(username=f"{code}-c{i}", person=person))
        meeting = CouncilMeeting.objects.create(
            round=award_round,
            held_on=datetime.date(2027, 5, 10),
            location="Phòng họp tầng 3",
            members_total=7,
            chair=council[0],
            secretary=council[1],
        )
        meeting.members_present.set(council[:6])
        collectives = nominees // 5
        evidence_pdf = render_pdf(
            "documents/unreadable_part.html", {"part": {"label": "Quyết định công nhận sáng kiến"}}
        )
        for i in range(nominees):
            school = schools[i % len(schools)]
            form = forms[i % 2]
            if i < collectives:
                fields = {"nominee_kind": NomineeKind.COLLECTIVE, "nominee_unit": schools[i]}
            else:
                person = Person.objects.create(
                    full_name=f"{FAMILY[i % 10]} {MIDDLE[i % 8]} {GIVEN[(i * 3) % 10]}",
                    unit=school,
                    position="Giáo viên",
                    date_of_birth=datetime.date(1980 + i % 15, 1 + i % 12, 1 + i % 27),
                )
                fields = {"nominee_kind": NomineeKind.INDIVIDUAL, "nominee_person": person}
            proposal = AwardProposal.objects.create(
                round=award_round,
                award_form=form,
                proposing_unit=school,
                status=ProposalStatus.APPROVED,
                report_summary=_text(i, 2),
                report_achievements=_text(i, 4),
                report_measures=_text(i, 3),
                report_previous_awards="Giấy khen của Giám đốc Sở năm học 2024 - 2025.",
                **fields,
            )
            Vote.objects.create(
                meeting=meeting, proposal=proposal, yes=6, no=1, result=VoteResult.PASSED
            )
            if i < evidence:
                item = ProposalEvidence(
                    proposal=proposal,
                    kind=EvidenceKind.FILE,
                    note="Quyết định công nhận",
                    original_name=f"minh-chung-{i}.pdf",
                    content_type="application/pdf",
                )
                item.file.save(f"minh-chung-{i}.pdf", ContentFile(evidence_pdf), save=False)
                item.save()
        return AwardRound.objects.select_related(
            "campaign", "campaign__issuing_unit", "campaign__issuing_unit__parent"
        ).get(pk=award_round.pk)
