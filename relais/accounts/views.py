from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from relais.accounts.forms import LoginForm
from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY
from relais.accounts.models import Membership


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def switch_membership(request):
    """Act for another of one's organisations; permissions follow the chosen membership."""
    membership = Membership.objects.filter(
        pk=request.POST.get("membership"), user=request.user, is_active=True
    ).first()
    if membership is None:
        messages.error(request, "Cette organisation n'est pas l'une des vôtres.")
    else:
        request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
        messages.success(request, f"Vous agissez maintenant pour {membership.organisation}.")
    return redirect("home")
