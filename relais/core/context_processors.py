from django.conf import settings


def relais(request):
    return {
        "service_name": settings.RELAIS_SERVICE_NAME,
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
        "logo_url": settings.RELAIS_LOGO_URL,
        "demo_mode": settings.DEMO_MODE,
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
