"""Forms of the pathway: the week, the diagnostic, the orientation decision, reorientation."""

from django import forms
from django.utils import timezone

from relais.core.forms import date_field
from relais.rsa.models import Diagnostic, ReferentBody, Track
from relais.territory.models import Organisation

# Which kinds of partner each referent body may name, for the "structure référente" list.
BODY_KINDS = {
    ReferentBody.FRANCE_TRAVAIL: [Organisation.Kind.FRANCE_TRAVAIL],
    ReferentBody.MISSION_LOCALE: [Organisation.Kind.MISSION_LOCALE],
    ReferentBody.CAP_EMPLOI: [Organisation.Kind.CAP_EMPLOI],
    ReferentBody.DEPARTEMENT: [Organisation.Kind.MDS, Organisation.Kind.DEPARTEMENT_SERVICE],
    ReferentBody.DELEGATE: [Organisation.Kind.ASSOCIATION, Organisation.Kind.CCAS],
}


class WeekForm(forms.Form):
    semaine = forms.CharField(
        label="Semaine",
        max_length=8,
        help_text="Année et numéro de semaine ISO, par exemple 2026-W48.",
    )


class DiagnosticForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = [
            "situation",
            "capacity",
            "project",
            "target_job",
            "education",
            "experience",
            "health",
            *Diagnostic.CONSTRAINTS,
        ]
        widgets = {
            "health": forms.RadioSelect(choices=[(True, "Oui"), (False, "Non")]),
            **{name: forms.RadioSelect for name in Diagnostic.CONSTRAINTS},
            "situation": forms.RadioSelect,
            "capacity": forms.RadioSelect,
            "project": forms.RadioSelect,
            "education": forms.RadioSelect,
            "experience": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A yes/no question must be answered, never left at a silent "no".
        self.fields["health"] = forms.TypedChoiceField(
            label="Contrainte de santé",
            help_text="Oui ou non seulement : ne notez aucun détail médical.",
            choices=[("True", "Oui"), ("False", "Non")],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
        )
        for name in Diagnostic.CONSTRAINTS:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class OrientationForm(forms.Form):
    track = forms.ChoiceField(label="Orientation", choices=Track.choices, widget=forms.RadioSelect)
    referent_body = forms.ChoiceField(label="Organisme référent", choices=ReferentBody.choices)
    referent_organisation = forms.ModelChoiceField(
        label="Structure référente",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="L'agence, la mission locale ou la MDS qui accompagnera la personne.",
    )
    decided_on = date_field("Date de la décision")
    reason = forms.CharField(
        label="Motif (si la décision diffère de la proposition)", max_length=300, required=False
    )
    referent = forms.ModelChoiceField(
        label="Référent de parcours (agent de votre organisation)",
        queryset=None,
        required=False,
        help_text="Laissez vide si le référent est désigné par la structure référente.",
    )

    def __init__(self, *args, departement, referents, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent_organisation"].queryset = Organisation.objects.filter(
            departement=departement, is_active=True
        ).order_by("name")
        self.fields["referent"].queryset = referents
        self.fields["referent"].label_from_instance = lambda user: user.get_full_name()
        self.proposal = proposal
        if proposal and not self.is_bound:
            self.initial.update({"track": proposal[0], "referent_body": proposal[1]})
        self.initial.setdefault("decided_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        organisation = data.get("referent_organisation")
        body = data.get("referent_body")
        if organisation and body and organisation.kind not in BODY_KINDS[ReferentBody(body)]:
            self.add_error(
                "referent_organisation",
                "Cette structure ne correspond pas à l'organisme référent choisi.",
            )
        differs = self.proposal and (data.get("track"), body) != tuple(self.proposal[:2])
        if differs and not data.get("reason", "").strip():
            self.add_error("reason", "Indiquez pourquoi la décision diffère de la proposition.")
        return data


class NotificationForm(forms.Form):
    notified_on = date_field("Date de notification")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("notified_on", timezone.localdate())


class ReorientationRequestForm(forms.Form):
    proposed_track = forms.ChoiceField(label="Orientation demandée", choices=Track.choices)
    proposed_body = forms.ChoiceField(label="Organisme demandé", choices=ReferentBody.choices)
    reason = forms.CharField(
        label="Motif de la demande", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReorientationDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="Décision",
        choices=[("yes", "Accepter la réorientation"), ("no", "Refuser la demande")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = date_field("Date de la décision")
    referent_organisation = forms.ModelChoiceField(
        label="Nouvelle structure référente", queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent_organisation"].queryset = Organisation.objects.filter(
            departement=departement, is_active=True
        ).order_by("name")
        self.initial.setdefault("decided_on", timezone.localdate())
