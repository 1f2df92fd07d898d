"""The fund's référentiel in the admin: the yearly envelopes and the categories with their
ceilings and papers. Applications are listed read-only, with neither the person nor the bank
details: they change through the audited services only, and a person's file is read in the
audited pages."""

from django import forms
from django.contrib import admin

from relais.aid.models import AidApplication, AidCategory, AidFund
from relais.aid.queries.budget import spent
from relais.aid.services.common import euros


class AidFundForm(forms.ModelForm):
    class Meta:
        model = AidFund
        fields = ["departement", "year", "envelope", "budget_line", "secretariat"]

    def clean_envelope(self):
        envelope = self.cleaned_data["envelope"]
        if self.instance.pk is not None:
            used = spent(self.instance)
            engaged = used["committed"] + used["paid"]
            if envelope < engaged:
                raise forms.ValidationError(
                    f"{euros(engaged)} sont déjà accordés ou payés sur cette enveloppe : elle "
                    "ne peut pas être inférieure."
                )
        return envelope


@admin.register(AidFund)
class AidFundAdmin(admin.ModelAdmin):
    form = AidFundForm
    list_display = ["year", "departement", "envelope", "budget_line", "secretariat"]
    list_filter = ["departement"]
    ordering = ["departement", "-year"]


class AidCategoryForm(forms.ModelForm):
    class Meta:
        model = AidCategory
        fields = [
            "departement",
            "code",
            "ceiling_per_application",
            "ceiling_per_person",
            "requires_cost_proof",
            "requires_activity_proof",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        per_application = data.get("ceiling_per_application")
        per_person = data.get("ceiling_per_person")
        # The database refuses it too (aidcategory_ceilings_order); say it in plain French.
        if per_application is not None and per_person is not None and per_application > per_person:
            self.add_error(
                "ceiling_per_application",
                "Le plafond par demande ne peut pas dépasser le plafond par personne sur 12 mois.",
            )
        return data


@admin.register(AidCategory)
class AidCategoryAdmin(admin.ModelAdmin):
    form = AidCategoryForm
    list_display = [
        "__str__",
        "departement",
        "ceiling_per_application",
        "ceiling_per_person",
        "requires_cost_proof",
        "requires_activity_proof",
        "is_active",
    ]
    list_filter = ["departement", "is_active"]
    ordering = ["departement", "code"]


@admin.register(AidApplication)
class AidApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "category",
        "status",
        "amount_requested",
        "amount_granted",
        "applicant_organisation",
        "submitted_at",
        "decided_at",
        "paid_on",
    ]
    list_filter = ["status", "fund", "category", "applicant_organisation"]
    list_select_related = ["category", "applicant_organisation"]
    date_hierarchy = "created_at"
    # No person, no IBAN (not even masked), no free text that may name someone.
    fields = [
        "uuid",
        "fund",
        "category",
        "status",
        "amount_requested",
        "amount_granted",
        "purpose",
        "contract_kind",
        "activity_starts_on",
        "applicant_organisation",
        "submitted_at",
        "decided_at",
        "refusal_reason",
        "paid_on",
        "payment_batch",
        "cancelled_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
