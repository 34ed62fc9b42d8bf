"""The public area (công khai), open without signing in, and the office's list of comments.

Public pages show a nominee's name, unit and award only (publication.selectors).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import consultation
from awards.models import AwardProposal
from awards.selectors import rounds_visible_to
from portal.http import client_ip

from . import selectors, services
from .forms import CommentForm, VerifyForm
from .models import PublicComment

# At most this many comments from one address in an hour: enough for a person, not a robot.
COMMENTS_PER_HOUR = 5


@require_GET
def index(request):
    return render(
        request,
        "publication/index.html",
        {"campaigns": selectors.campaigns_public(), "verify_form": VerifyForm()},
    )


@require_GET
def campaign(request, pk):
    chosen = get_object_or_404(selectors.campaigns_public(), pk=pk)
    initiatives, more = selectors.recognised_initiatives(chosen)
    return render(
        request,
        "publication/campaign.html",
        {
            "campaign": chosen,
            "initiatives": initiatives,
            "more_initiatives": more,
            "awards": selectors.awards_decided(chosen),
            "rounds": selectors.rounds_open_for_comments(chosen),
        },
    )


def _throttled(request) -> bool:
    """Count a comment from this address; True once the hour's allowance is used up."""
    key = f"publication:comments:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > COMMENTS_PER_HOUR


@require_http_methods(["GET", "POST"])
def round_list(request, pk):
    award_round = selectors.round_public(pk)
    if award_round is None:
        raise Http404
    is_open = consultation.is_open(award_round)
    form = CommentForm(request.POST or None, award_round=award_round)
    if request.method == "POST":
        if not is_open:
            messages.error(
                request,
                _(
                    "The comment period of this proposed list has ended (or has not begun): "
                    "comments are received from %(start)s to %(end)s."
                )
                % {
                    "start": award_round.comments_from.strftime("%d/%m/%Y"),
                    "end": award_round.comments_until.strftime("%d/%m/%Y"),
                },
            )
            return redirect("publication:round", pk)
        if _throttled(request):
            messages.error(
                request, _("Too many comments were sent from this address; try again later.")
            )
            return redirect("publication:round", pk)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:  # the hidden field: a robot; it learns nothing
                messages.success(request, _("Thank you: your comment was sent to the office."))
                return redirect("publication:round", pk)
            proposal = (
                AwardProposal.objects.filter(round=award_round, pk=data["proposal"]).first()
                if data["proposal"]
                else None
            )
            try:
                services.comment_submit(
                    award_round=award_round,
                    proposal=proposal,
                    name=data["name"],
                    contact=data["contact"],
                    text=data["text"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Thank you: your comment was sent to the office."))
                return redirect("publication:round", pk)
    return render(
        request,
        "publication/round.html",
        {
            "round": award_round,
            "campaign": award_round.campaign,
            "rows": selectors.proposed_list(award_round),
            "is_open": is_open,
            "form": form,
            "source": consultation.SOURCE,
        },
    )


@require_GET
def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect(reverse("certificate_verify", args=[form.token()]))
    return render(request, "publication/verify.html", {"form": form})


def _managed_round(request, pk):
    award_round = get_object_or_404(
        rounds_visible_to(request.user).select_related("campaign__issuing_unit"), pk=pk
    )
    if not selectors.can_read_comments(request.user, award_round):
        raise Http404
    return award_round


@login_required
@require_GET
def comments(request, pk):
    award_round = _managed_round(request, pk)
    return render(
        request,
        "publication/comments.html",
        {
            "round": award_round,
            "comments": selectors.comments_of(award_round),
            "is_open": consultation.is_open(award_round),
        },
    )


@login_required
@require_POST
def comment_respond(request, pk):
    comment = get_object_or_404(PublicComment.objects.select_related("round"), pk=pk)
    award_round = _managed_round(request, comment.round_id)
    try:
        services.comment_respond(
            comment=comment, response=request.POST.get("response", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The handling note is saved."))
    return redirect("publication:comments", award_round.pk)
