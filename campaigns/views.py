from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .selectors import campaigns_visible_to


@login_required
def campaign_list(request):
    campaigns = campaigns_visible_to(request.user).select_related("issuing_unit")
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    return render(request, "campaigns/detail.html", {"campaign": campaign})
