from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from . import access


@login_required
def unit_tree(request):
    units = access.units_visible_to(request.user).order_by("path")
    return render(request, "units/tree.html", {"units": units})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(access.units_visible_to(request.user), pk=pk)
    return render(request, "units/detail.html", {"unit": unit})
