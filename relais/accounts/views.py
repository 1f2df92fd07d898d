from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from relais.accounts.forms import LoginForm
from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY
from relais.accounts.models import Membership
from relais.accounts.policy import switchable_membership
from relais.core.text import normalize
from relais.territory.models import Organisation
from relais.territory.policy import directory_departement_id_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def switch_membership(request):
    """Act for another of one's organisations; permissions follow the chosen membership."""
    membership = switchable_membership(request.user, request.POST.get("membership"))
    if membership is None:
        messages.error(request, "Cette organisation n'est pas l'une des vôtres.")
    else:
        request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
        messages.success(request, f"Vous agissez maintenant pour {membership.organisation}.")
    return redirect("home")


def professionals(request):
    """Professional contacts only (name, role, organisation, work phone): no personal data."""
    departement_id = directory_departement_id_or_404(request.user)
    query = request.GET.get("q", "").strip()
    memberships = (
        Membership.objects.filter(
            organisation__departement_id=departement_id, is_active=True, user__is_active=True
        )
        .select_related("user", "organisation", "site")
        .order_by("user__last_name", "user__first_name", "organisation__name")
    )
    for word in normalize(query).split():
        memberships = memberships.filter(
            Q(user__last_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    organisations = Organisation.objects.filter(departement_id=departement_id, is_active=True)
    return render(
        request,
        "accounts/professionals.html",
        {"page": page, "q": query, "organisation_count": organisations.count()},
    )
