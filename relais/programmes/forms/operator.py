"""Forms of the operator's portal: answering a prescription, sessions, places, coaches."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from relais.core.forms import date_field
from relais.programmes.models import TRANSITIONS, CapacityModel, Outcome, RefusalReason, Status
from relais.programmes.services import capacity

AUTO_COACH = "auto"


def _comment(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


def _places(label: str, minimum: int = 0, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=10000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Indiquez le nombre de places.",
            "invalid": "Indiquez un nombre entier de places, par exemple 12.",
            "min_value": f"Indiquez au moins {minimum} place{'s' if minimum > 1 else ''}.",
            "max_value": "Indiquez au plus 10 000 places.",
        },
        **kwargs,
    )


class AcceptForm(forms.Form):
    """A session with free places for a dated programme, a coach with room for a portfolio."""

    def __init__(self, *args, prescription, today, **kwargs):
        kwargs.setdefault("auto_id", "accepter_%s")
        super().__init__(*args, **kwargs)
        self.sessions = {}
        self.coaches = {}
        programme = prescription.programme
        if programme.capacity_model == CapacityModel.INTAKE:
            self._session_field(prescription, today)
        elif programme.capacity_model == CapacityModel.PORTFOLIO:
            self._coach_field(programme)

    def _session_field(self, prescription, today):
        free = [
            s for s in capacity.coming_sessions(prescription.programme, today) if s.taken < s.places
        ]
        if not free:
            return
        self.sessions = {str(s.uuid): s for s in free}
        wished = str(prescription.session.uuid) if prescription.session else ""
        self.fields["session"] = forms.ChoiceField(
            label="Session",
            choices=[(key, _session_label(s)) for key, s in self.sessions.items()],
            initial=wished if wished in self.sessions else next(iter(self.sessions)),
            widget=forms.RadioSelect,
            help_text="Seules les sessions qui ont encore des places libres sont proposées.",
            error_messages={
                "required": "Choisissez la session.",
                "invalid_choice": (
                    "Cette session n'a plus de place libre : choisissez-en une autre."
                ),
            },
        )

    def _coach_field(self, programme):
        size = programme.portfolio_size or 0
        loads = [(uid, load) for uid, load in capacity.coach_loads(programme) if load < size]
        if not loads:
            return
        users = get_user_model().objects.in_bulk([uid for uid, _ in loads])
        self.coaches = {str(uid): users[uid] for uid, _ in loads}
        choices = [(AUTO_COACH, "Le coach le moins chargé")] + [
            (str(uid), f"{users[uid].get_full_name()} ({load}/{size})") for uid, load in loads
        ]
        self.fields["coach"] = forms.ChoiceField(
            label="Coach",
            choices=choices,
            initial=AUTO_COACH,
            widget=forms.RadioSelect,
            help_text=f"Chaque coach accompagne au plus {size} personnes en même temps.",
            error_messages={
                "required": "Choisissez le coach.",
                "invalid_choice": "Ce coach n'a plus de place : choisissez-en un autre.",
            },
        )

    def kwargs(self) -> dict:
        data = self.cleaned_data
        chosen = {}
        if "session" in data:
            chosen["session"] = self.sessions[data["session"]]
        if data.get("coach") not in (None, AUTO_COACH):
            chosen["coach_id"] = self.coaches[data["coach"]].pk
        return chosen


def _session_label(session) -> str:
    free = session.places - session.taken
    places = f"{free} place{'s' if free > 1 else ''} libre{'s' if free > 1 else ''}"
    dates = f"du {session.starts_on:%d/%m/%Y} au {session.ends_on:%d/%m/%Y}"
    title = f"{session.label} — {dates}" if session.label else f"Session {dates}"
    return f"{title} ({places} sur {session.places})"


class ConfirmForm(forms.Form):
    """An answer without fields (waitlisting): the POST itself is the decision."""

    def kwargs(self) -> dict:
        return {}


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif du refus",
        choices=RefusalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le motif du refus."},
    )
    comment = _comment("Précision pour le prescripteur")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "refuser_%s")
        super().__init__(*args, **kwargs)

    def kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "comment": self.cleaned_data["comment"]}


class EnterForm(forms.Form):
    entered_on = date_field(
        "Date d'entrée", initial=timezone.localdate, help_text="Par exemple : 02/03/2027"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "entree_%s")
        super().__init__(*args, **kwargs)

    def kwargs(self) -> dict:
        return {"entered_on": self.cleaned_data["entered_on"]}


class EndForm(forms.Form):
    ended_on = date_field(
        "Date de sortie", initial=timezone.localdate, help_text="Par exemple : 02/03/2027"
    )
    outcome = forms.ChoiceField(
        label="Situation de la personne à la sortie",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la situation de la personne à la sortie."},
    )
    comment = _comment("Précision")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "sortie_%s")
        super().__init__(*args, **kwargs)

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SessionForm(forms.Form):
    label = forms.CharField(
        label="Intitulé",
        required=False,
        max_length=100,
        help_text="Par exemple : Session de printemps",
    )
    starts_on = date_field("Date de début", help_text="Par exemple : 02/03/2027")
    ends_on = date_field("Date de fin", help_text="Par exemple : 30/05/2027")
    places = _places("Nombre de places", minimum=1)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "La date de fin doit suivre la date de début.")
        return data

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class PlacesForm(forms.Form):
    places = _places("Nombre de places")

    def kwargs(self) -> dict:
        return {"places": self.cleaned_data["places"]}


class CoachForm(forms.Form):
    coach = forms.ModelChoiceField(
        label="Membre de l'équipe",
        queryset=get_user_model().objects.none(),
        empty_label="Choisissez un membre de l'équipe",
        error_messages={
            "required": "Choisissez le membre de l'équipe à ajouter comme coach.",
            "invalid_choice": "Choisissez un membre de l'équipe qui n'est pas encore coach.",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        kwargs.setdefault("auto_id", "coach_%s")
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = candidates
        self.fields["coach"].label_from_instance = lambda user: user.get_full_name()

    def kwargs(self) -> dict:
        return {"coach": self.cleaned_data["coach"]}


class ProgrammeFilterForm(forms.Form):
    programme = forms.ChoiceField(label="Action", required=False)

    def __init__(self, *args, programmes, **kwargs):
        kwargs.setdefault("auto_id", "filtre_%s")
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.uuid): p for p in programmes}
        self.fields["programme"].choices = [("", "Toutes mes actions")] + [
            (key, p.name) for key, p in self.programmes.items()
        ]

    def chosen(self):
        if self.is_valid():
            return self.programmes.get(self.cleaned_data["programme"])
        return None


def answer_forms(prescription, today) -> dict:
    """The blank forms of the answers the prescription's status allows (TRANSITIONS)."""
    allowed = TRANSITIONS[Status(prescription.status)]
    built = {"can_waitlist": Status.WAITLISTED in allowed}
    if Status.ACCEPTED in allowed:
        built["accept_form"] = AcceptForm(prescription=prescription, today=today)
    if Status.REFUSED in allowed:
        built["refuse_form"] = RefuseForm()
    if Status.ENTERED in allowed:
        built["enter_form"] = EnterForm()
    if Status.ENDED in allowed:
        built["end_form"] = EndForm()
    return built
