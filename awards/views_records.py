"""Yearly emulation records: enter, edit and import them (the office), read them on the
award history page of a person or a unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.services import history_for
from units import access
from units.models import Person

from . import emulation
from .forms_records import ImportForm, RecordForm, TitleFormSet, title_rows
from .records import EmulationRecord


def _back(subject) -> str:
    """The award history page of a record's person or unit (or of `subject` itself)."""
    if isinstance(subject, EmulationRecord):
        subject = subject.subject
    if isinstance(subject, Person):
        return reverse("awards:history_person", args=[subject.pk])
    return reverse("awards:history_unit", args=[subject.pk])


def _edit(request, *, person=None, unit=None, record=None):
    subject_unit = record.subject_unit if record else (person.unit if person else unit)
    if not emulation.can_enter_records(request.user, subject_unit):
        raise Http404
    individual = (record.person_id if record else person) is not None
    initial_titles = (
        [
            {
                "title": t.title,
                "decision_number": t.decision_number,
                "decision_date": t.decision_date,
                "issuer": t.issuer,
            }
            for t in record.titles.all()
        ]
        if record
        else []
    )
    form = RecordForm(request.POST or None, instance=record)
    formset = TitleFormSet(
        request.POST or None,
        initial=initial_titles,
        prefix="titles",
        form_kwargs={"individual": individual},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = emulation.record_save(
                by=request.user,
                year=form.cleaned_data["year"],
                classification=form.cleaned_data["classification"],
                note=form.cleaned_data["note"],
                titles=title_rows(formset),
                person=person,
                unit=unit,
                record=record,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The emulation record is saved."))
            return redirect(_back(saved))
    return render(
        request,
        "awards/records/form.html",
        {
            "form": form,
            "formset": formset,
            "record": record,
            "subject": record.subject if record else (person or unit),
            "history": history_for(record) if record else [],
            "back": _back(record or person or unit),
        },
    )


@login_required
def record_create_person(request, pk):
    person = get_object_or_404(access.people_visible_to(request.user).select_related("unit"), pk=pk)
    return _edit(request, person=person)


@login_required
def record_create_unit(request, pk):
    unit = get_object_or_404(access.units_visible_to(request.user), pk=pk)
    return _edit(request, unit=unit)


@login_required
def record_update(request, pk):
    record = get_object_or_404(
        emulation.records_visible_to(request.user).select_related("person__unit", "unit"), pk=pk
    )
    return _edit(request, record=record)


@login_required
def records_import(request):
    if not access.has_role(request.user, *access.MANAGING_ROLES):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = emulation.records_import(file=form.cleaned_data["file"], by=request.user)
        if report.ok:
            messages.success(
                request,
                _("%(count)s emulation records saved from %(rows)s rows.")
                % {"count": report.saved, "rows": report.rows},
            )
            return redirect("awards:records_import")
    return render(
        request,
        "awards/records/import.html",
        {
            "form": form,
            "report": report,
            "columns": [(c, c in emulation.REQUIRED) for c in emulation.COLUMNS],
            "classification_words": [w[0] for w in emulation.CLASSIFICATION_WORDS.values()],
            "title_words": [w[0] for w in emulation.TITLE_WORDS.values()],
        },
    )
