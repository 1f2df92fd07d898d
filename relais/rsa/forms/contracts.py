"""Forms of contracts, joint support and exits. The rules themselves live in the services."""

from django import forms
from django.utils import timezone

from relais.rsa.models import Exit, JointSupport
from relais.rsa.models.contracts import MINIMUM_WEEKLY_HOURS
from relais.rsa.services.contracts import MAX_ACTIONS

DATE_FORMATS = ["%d/%m/%Y"]


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Indiquez la date ({label.lower()}).",
            "invalid": "Saisissez une date au format jj/mm/aaaa, par exemple 02/03/2027.",
        },
        **kwargs,
    )


class ContractForm(forms.Form):
    objectives = forms.CharField(
        label="Objectifs du contrat",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Indiquez les objectifs du contrat."},
    )
    starts_on = date_field("Début du contrat", help_text="Par exemple : 02/03/2027")
    ends_on = date_field("Fin du contrat")
    adjustment_reason = forms.CharField(
        label="Motif d'adaptation de la durée d'activité",
        required=False,
        max_length=300,
        help_text=(
            f"Obligatoire si le plan d'action compte moins de {MINIMUM_WEEKLY_HOURS} heures par "
            "semaine : la situation de la personne (santé, handicap, enfant à charge…) justifie "
            "une durée adaptée."
        ),
    )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "La fin du contrat doit être après son début.")
        return data


class ActionForm(forms.Form):
    label = forms.CharField(label="Action", required=False, max_length=200)
    hours_per_week = forms.DecimalField(
        label="Heures par semaine",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=60,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Indiquez un nombre d'heures, par exemple 4 ou 2,5.",
            "max_decimal_places": "Une décimale au plus, par exemple 2,5.",
            "max_value": "60 heures par semaine au plus pour une action.",
            "min_value": "Le nombre d'heures ne peut pas être négatif.",
        },
    )


ActionFormSet = forms.formset_factory(
    ActionForm, extra=0, max_num=MAX_ACTIONS, absolute_max=MAX_ACTIONS, validate_max=True
)


def action_formset(data=None, actions=()):
    """Always MAX_ACTIONS rows: the plan's actions first, then empty rows to fill."""
    initial = [{"label": a.label, "hours_per_week": a.hours_per_week} for a in actions]
    initial += [{} for _ in range(MAX_ACTIONS - len(initial))]
    return ActionFormSet(data, initial=initial, prefix="actions")


def planned_actions(formset) -> list[tuple[str, object]]:
    return [
        (form.cleaned_data.get("label", ""), form.cleaned_data.get("hours_per_week"))
        for form in formset.forms
        if form.cleaned_data
    ]


class SignForm(forms.Form):
    signed_on = date_field("Date de signature", initial=timezone.localdate)


class EndForm(forms.Form):
    ended_on = date_field("Date de fin", initial=timezone.localdate)


class BreachForm(forms.Form):
    summary = forms.CharField(
        label="Manquement constaté",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=250,
        help_text="Les faits, sans détail médical : rendez-vous manqués, actions non engagées…",
        error_messages={"required": "Décrivez le manquement constaté."},
    )


class JointSupportForm(forms.Form):
    axis = forms.TypedChoiceField(
        label="Axe de l'accompagnement",
        choices=JointSupport.Axis.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'axe de l'accompagnement."},
    )
    adviser_name = forms.CharField(
        label="Conseiller·e France Travail",
        max_length=150,
        error_messages={"required": "Indiquez le nom du conseiller ou de la conseillère."},
    )
    agency = forms.ModelChoiceField(
        label="Agence France Travail",
        queryset=None,
        error_messages={"required": "Choisissez l'agence France Travail."},
    )
    social_worker = forms.ModelChoiceField(
        label="Travailleur social du Département",
        queryset=None,
        error_messages={"required": "Choisissez le travailleur social du Département."},
    )
    starts_on = date_field("Début de l'accompagnement", initial=timezone.localdate)

    def __init__(self, *args, agencies, social_workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["social_worker"].queryset = social_workers
        self.fields["social_worker"].label_from_instance = lambda user: user.get_full_name()


class JointSupportEndForm(forms.Form):
    ends_on = date_field("Fin de l'accompagnement", initial=timezone.localdate)
    outcome = forms.ChoiceField(
        label="Résultat",
        choices=JointSupport.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le résultat de l'accompagnement."},
    )


class ExitForm(forms.Form):
    on = date_field("Date de sortie", initial=timezone.localdate)
    reason = forms.ChoiceField(
        label="Motif de sortie",
        choices=Exit.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le motif de sortie."},
    )
