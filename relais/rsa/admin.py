"""The référentiel of the pathway in the admin: the orientation rule set (configurable).

Persons' pathway data is not edited here: it changes through the audited services only.
"""

from django.contrib import admin

from relais.rsa.models import OrientationRule


@admin.register(OrientationRule)
class OrientationRuleAdmin(admin.ModelAdmin):
    list_display = [
        "position",
        "label",
        "min_age",
        "max_age",
        "capacities",
        "health",
        "min_major_constraints",
        "max_major_constraints",
        "track",
        "referent_body",
        "is_active",
    ]
    list_display_links = ["label"]
    list_filter = ["departement", "is_active", "track"]
    ordering = ["departement", "position"]
