"""The catalogue in the admin: programmes, their eligibility rules, sessions and coaches.

Prescriptions are not edited here: they change through the audited services only. Places
(of a programme or a session), coaches and the capacity model are changed by the operator in
its portal once persons hold places — it refuses a number below the persons entered and
offers new places to the waiting list — so the admin shows them read-only then.
"""

from django import forms
from django.contrib import admin

from relais.people.facts import fact_choices
from relais.programmes.models import Programme, ProgrammeCoach, Session


class ProgrammeForm(forms.ModelForm):
    tracks = forms.MultipleChoiceField(
        label="Orientations acceptées",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : toutes les orientations (et les personnes sans).",
    )
    prescriber_criteria = forms.CharField(
        label="Critères confirmés par le prescripteur",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un critère par ligne ; le prescripteur les atteste sans en donner le détail.",
    )

    class Meta:
        model = Programme
        # The admin passes the fieldsets' fields; these two are the ones this form reshapes.
        fields = ["tracks", "prescriber_criteria"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].choices = fact_choices("track")
        self.initial["prescriber_criteria"] = "\n".join(self.instance.prescriber_criteria or [])

    def clean_prescriber_criteria(self):
        lines = self.cleaned_data["prescriber_criteria"].splitlines()
        return [line.strip() for line in lines if line.strip()]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["label", "starts_on", "ends_on", "places"]

    def get_readonly_fields(self, request, obj=None):
        # Places that persons already hold are the portal's business (it checks them).
        return ["places"] if obj is not None and obj.prescriptions.exists() else []


class CoachInline(admin.TabularInline):
    model = ProgrammeCoach
    extra = 0
    autocomplete_fields = ["user"]
    # A coach's portfolio changes in the portal, which refuses to leave persons without coach.
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return ["is_active"] if obj is not None and obj.prescriptions.exists() else []


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "action_sheet", "operator", "kind", "capacity_model", "is_active"]
    list_filter = ["departement", "kind", "capacity_model", "is_active"]
    search_fields = ["name", "code", "operator__name"]
    filter_horizontal = ["communes", "sectors"]
    inlines = [SessionInline, CoachInline]

    def get_readonly_fields(self, request, obj=None):
        # Once persons hold places, capacity changes go through the operator's portal: it
        # refuses fewer places than persons entered and offers new places to the waiting list.
        if obj is not None and obj.prescriptions.exists():
            return ["capacity_model", "places", "portfolio_size", "intake_mode"]
        return []

    fieldsets = [
        (None, {"fields": ["departement", "operator", "code", "name", "kind", "action_sheet"]}),
        ("Présentation", {"fields": ["description", "public", "documents_expected"]}),
        (
            "Éligibilité",
            {
                "fields": [
                    ("min_age", "max_age"),
                    "sex",
                    "requires_duties",
                    "min_rsa_years",
                    "tracks",
                    "communes",
                    "sectors",
                    "prescriber_criteria",
                ]
            },
        ),
        (
            "Capacité et rythme",
            {
                "fields": [
                    "capacity_model",
                    "places",
                    "portfolio_size",
                    "intake_mode",
                    ("usual_duration_days", "max_duration_days"),
                    "hours_per_week",
                ]
            },
        ),
        (
            "Financement et objectif",
            {"fields": ["funding", "budget", ("yearly_target", "target_unit")]},
        ),
        (None, {"fields": ["is_active"]}),
    ]
