from django.contrib import admin
from django.urls import reverse

from relais.territory.models import (
    Closure,
    Commune,
    Departement,
    Epci,
    OpeningHours,
    Organisation,
    Sector,
    Site,
)


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind", "population"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "postcodes", "population", "epci"]
    list_filter = ["epci"]
    search_fields = ["name", "insee_code", "postcodes"]


class SiteInline(admin.TabularInline):
    model = Site
    fields = ["name", "commune", "phone", "email", "is_first_reception", "is_active"]
    autocomplete_fields = ["commune"]
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_first_reception", "is_active"]
    list_filter = ["kind", "is_first_reception", "is_active"]
    search_fields = ["name", "short_name", "siret"]
    inlines = [SiteInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "commune",
        "phone",
        "is_first_reception",
        "is_active",
        "is_public",
    ]
    list_filter = ["is_first_reception", "is_active", "is_public", "organisation__kind"]
    search_fields = ["name", "organisation__name", "commune__name", "public_slug"]
    autocomplete_fields = ["commune", "organisation"]
    fieldsets = [
        (None, {"fields": ["organisation", "name", "address", "commune", "phone", "email"]}),
        ("Réseau", {"fields": ["is_first_reception", "is_active"]}),
        (
            "Page publique et dépliant",
            {
                "description": (
                    "Ce que les personnes lisent sur la page publique du site et sur son "
                    "dépliant imprimable, en quatre langues : les intitulés de la liste usuelle "
                    "(pièce d'identité, justificatif de domicile…) sont traduits, les autres "
                    "restent en français."
                ),
                "fields": [
                    "is_public",
                    "public_slug",
                    "services",
                    "documents_to_bring",
                    "languages",
                    "accessibility",
                ],
            },
        ),
    ]
    inlines = [OpeningHoursInline, ClosureInline]

    def view_on_site(self, obj):
        # By URL name only: the public pages belong to the directory app, above territory.
        return reverse("directory:site", kwargs={"site_slug": obj.public_slug})


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "site"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]
    filter_horizontal = ["communes"]
