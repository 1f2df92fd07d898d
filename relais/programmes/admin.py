"""The catalogue in the admin: programmes, their eligibility rules, sessions and coaches.

Prescriptions are not edited here: they change through the audited services only. Places of
a session are changed by the operator in its portal, where a number below the persons already
entered is refused; the admin shows them read-only once a session has prescriptions.
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


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "action_sheet", "operator", "kind", "capacity_model", "is_active"]
    list_filter = ["departement", "kind", "capacity_model", "is_active"]
    search_fields = ["name", "code", "operator__name"]
    filter_horizontal = ["communes", "sectors"]
    inlines = [SessionInline, CoachInline]
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
