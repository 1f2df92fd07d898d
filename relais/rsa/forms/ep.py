"""Forms of the équipes pluridisciplinaires: sessions, members, attendance, opinion, decision."""

import datetime as dt

from django import forms
from django.utils import timezone

from relais.rsa.forms.pathway import BODY_KINDS
from relais.rsa.models import EpCase, EpMember, ReferentBody, Sanction, Track
from relais.rsa.services.ep import OUTCOMES, SANCTIONS
from relais.rsa.services.ep_rules import ORIENTING
from relais.territory.models import Organisation

Opinion = EpCase.Opinion
YES_NO = [("True", "Oui"), ("False", "Non")]


def date_field(label, *, missing="", **kwargs):
    return forms.DateField(
        label=label,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Saisissez une date au format jj/mm/aaaa, par exemple 02/03/2027.",
            "required": missing or f"Indiquez la {label.lower()}.",
        },
        **kwargs,
    )


def _note(label, **kwargs):
    return forms.CharField(
        label=label,
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        **kwargs,
    )


class ServiceForm(forms.Form):
    """A form whose cleaned data are the keyword arguments of the service it feeds."""

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SessionForm(ServiceForm):
    date = date_field("Date de la séance", help_text="Par exemple : 02/03/2027")
    time = forms.TimeField(
        label="Heure",
        input_formats=["%H:%M", "%Hh%M", "%Hh"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        help_text="Par exemple : 14:00",
        error_messages={
            "invalid": "Saisissez une heure au format hh:mm, par exemple 14:00.",
            "required": "Indiquez l'heure de la séance.",
        },
    )
    place = forms.CharField(
        label="Lieu",
        max_length=200,
        error_messages={"required": "Indiquez le lieu de la séance."},
    )

    def kwargs(self) -> dict:
        data = self.cleaned_data
        moment = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        return {"date": moment, "place": data["place"]}


class MemberForm(ServiceForm):
    name = forms.CharField(
        label="Nom du membre",
        max_length=150,
        error_messages={"required": "Indiquez le nom du membre."},
    )
    quality = forms.ChoiceField(
        label="Qualité",
        choices=EpMember.Quality.choices,
        help_text="L'équipe compte des représentant·es des bénéficiaires du RSA.",
    )


class ScheduleForm(ServiceForm):
    cases = forms.ModelMultipleChoiceField(
        label="Dossiers à inscrire à cette séance",
        queryset=EpCase.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un dossier à inscrire."},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.person.full_name} — {case.get_theme_display()} ({case.source_summary})"
        )


class AttendanceForm(ServiceForm):
    present_members = forms.ModelMultipleChoiceField(
        label="Membres présents",
        queryset=EpMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attended_cases = forms.ModelMultipleChoiceField(
        label="Personnes venues être entendues",
        queryset=EpCase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present_members"].queryset = members
        self.fields["present_members"].label_from_instance = lambda m: (
            f"{m.name} ({m.get_quality_display()})"
        )
        self.fields["attended_cases"].queryset = cases
        self.fields["attended_cases"].label_from_instance = lambda case: (
            f"{case.person.full_name} ({case.get_theme_display().lower()})"
        )
        if not self.is_bound:
            self.initial["present_members"] = [m.pk for m in members if m.present]
            self.initial["attended_cases"] = [c.pk for c in cases if c.person_attended]


class OpinionForm(ServiceForm):
    person_attended = forms.TypedChoiceField(
        label="La personne est-elle venue être entendue ?",
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la personne était présente."},
    )
    opinion = forms.ChoiceField(
        label="Avis de l'équipe pluridisciplinaire",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'avis de l'équipe."},
    )
    note = _note("Motivation de l'avis", help_text="Obligatoire pour une sanction.")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].choices = [(o.value, o.label) for o in OUTCOMES[case.theme]]
        if case.person_attended is not None and not self.is_bound:
            self.initial["person_attended"] = str(case.person_attended)

    def clean(self):
        data = super().clean()
        if data.get("opinion") in SANCTIONS and not data.get("note", "").strip():
            self.add_error("note", "Motivez l'avis : une sanction doit être motivée.")
        return data


class DecisionForm(ServiceForm):
    """The fields depend on the theme: a sanction's scale, or an orientation.

    Each conditional field sits under the decision that needs it (GOV.UK conditional reveal,
    `CONDITIONAL`): it is required there, and ignored for the other decisions.
    """

    CONDITIONAL = {
        "rate": {Opinion.SUSPENSION},
        "months": {Opinion.SUSPENSION},
        "starts_on": {Opinion.SUSPENSION},
        "suppression_starts_on": {Opinion.SUPPRESSION},
        "track": ORIENTING,
        "referent_body": ORIENTING,
    }

    decision = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la décision."},
    )
    rate = forms.IntegerField(
        label="Taux de suspension (%)",
        error_messages={"required": "Indiquez le taux de suspension."},
    )
    months = forms.IntegerField(
        label="Durée (mois)", error_messages={"required": "Indiquez la durée de la suspension."}
    )
    starts_on = date_field("Date de début de la suspension", help_text="Par exemple : 01/04/2027")
    suppression_starts_on = date_field(
        "Date d'effet de la suppression", help_text="Par exemple : 01/04/2027"
    )
    track = forms.ChoiceField(
        label="Orientation",
        choices=Track.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l'orientation."},
    )
    referent_body = forms.ChoiceField(
        label="Organisme référent",
        choices=[("", "Choisir"), *ReferentBody.choices],
        error_messages={"required": "Choisissez l'organisme référent."},
    )
    referent_organisation = forms.ModelChoiceField(
        label="Structure référente",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="À désigner plus tard",
        help_text="L'agence, la mission locale ou la MDS qui accompagnera la personne.",
    )
    note = _note(
        "Motivation de la décision",
        help_text="Obligatoire si la décision diffère de l'avis de l'équipe.",
    )
    decided_on = date_field("Date de la décision", help_text="Par exemple : 02/03/2027")

    def __init__(self, *args, case, level=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.level_label = Sanction.Level(level).label if level else ""
        self.fields["decision"].choices = [(o.value, o.label) for o in OUTCOMES[case.theme]]
        self.initial.setdefault("decision", case.opinion)
        self.initial.setdefault("decided_on", timezone.localdate())
        if case.theme == EpCase.Theme.BREACH:
            for name in ("track", "referent_body", "referent_organisation"):
                del self.fields[name]
            low, short, long = Sanction.BOUNDS[level]
            label = Sanction.Level(level).label
            self.fields["rate"].help_text = f"{low} % au moins, 100 % au plus."
            self.fields["months"].help_text = f"{label} : de {short} à {long} mois."
        else:
            for name in ("rate", "months", "starts_on", "suppression_starts_on"):
                del self.fields[name]
            self.fields["referent_organisation"].queryset = Organisation.objects.filter(
                departement_id=case.person.departement_id, is_active=True
            ).order_by("name")
        chosen = self.data.get(self.add_prefix("decision")) if self.is_bound else None
        for name, decisions in self.CONDITIONAL.items():
            if name in self.fields:  # shown (unbound) under its decision, where it is required
                self.fields[name].required = chosen in decisions if self.is_bound else True

    def decision_rows(self) -> list:
        """Each decision's radio with the fields revealed under it, for the template."""
        shown: dict = {}
        for name, decisions in self.CONDITIONAL.items():
            for decision in decisions if name in self.fields else ():
                shown.setdefault(decision, []).append(self[name])
        if "referent_organisation" in self.fields:
            for decision in ORIENTING:
                shown.setdefault(decision, []).append(self["referent_organisation"])
        return [(choice, shown.get(choice.data["value"], [])) for choice in self["decision"]]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and decision != self.case.opinion and not data.get("note", "").strip():
            self.add_error("note", "La décision diffère de l'avis de l'équipe : motivez-la.")
        body, organisation = data.get("referent_body"), data.get("referent_organisation")
        if decision in ORIENTING and organisation and body:
            if organisation.kind not in BODY_KINDS[ReferentBody(body)]:
                self.add_error(
                    "referent_organisation",
                    "Cette structure ne correspond pas à l'organisme référent choisi.",
                )
        return data

    def kwargs(self) -> dict:
        data = self.cleaned_data
        orientation = ("track", "referent_body", "referent_organisation")
        return {
            "decision": data["decision"],
            "note": data["note"],
            "decided_on": data["decided_on"],
            "rate": data.get("rate"),
            "months": data.get("months"),
            "starts_on": data.get("starts_on") or data.get("suppression_starts_on"),
            "orientation": {name: data.get(name) for name in orientation},
        }


class NotifyForm(ServiceForm):
    notified_on = date_field("Date de notification", help_text="Le jour où le courrier part.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("notified_on", timezone.localdate())


class WithdrawForm(ServiceForm):
    reason = forms.CharField(
        label="Motif du retrait",
        max_length=200,
        help_text="Par exemple : la personne a signé son contrat, ou n'est plus au RSA.",
        error_messages={"required": "Indiquez pourquoi le dossier est retiré."},
    )


class LiftForm(ServiceForm):
    on = date_field(
        "Levée à compter du",
        missing="Indiquez la date de la levée.",
        help_text="Le jour où la personne a respecté ses engagements.",
    )
    reason = forms.CharField(
        label="Ce que la personne a fait",
        max_length=300,
        error_messages={"required": "Indiquez comment la personne s'est remobilisée."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
