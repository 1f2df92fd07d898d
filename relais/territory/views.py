"""The directory of sites: their hours (sheet 2.2) and the first-reception network (2.5)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render

from relais.territory.models import Closure, Site
from relais.territory.policy import directory_departement_id_or_404


def _departement_id(request):
    return directory_departement_id_or_404(request.user)


def directory(request):
    departement_id = _departement_id(request)
    first_reception_only = request.GET.get("premier_accueil") == "1"
    sites = (
        Site.objects.filter(organisation__departement_id=departement_id, is_active=True)
        .select_related("organisation", "commune")
        .prefetch_related("opening_hours")
        .order_by("organisation__name", "name")
    )
    if first_reception_only:
        sites = sites.filter(Q(is_first_reception=True) | Q(organisation__is_first_reception=True))
    return render(
        request,
        "territory/directory.html",
        {"sites": sites, "first_reception_only": first_reception_only},
    )


def site_detail(request, pk):
    site = (
        Site.objects.filter(organisation__departement_id=_departement_id(request), pk=pk)
        .select_related("organisation", "commune")
        .prefetch_related(
            "opening_hours",
            Prefetch("closures", queryset=Closure.objects.order_by("start_date")),
        )
        .first()
    )
    if site is None:
        raise Http404
    return render(request, "territory/site.html", {"site": site})
