"""The prescriber's forms: prescribing a person to a programme, withdrawing a prescription."""

from collections.abc import Callable

from django import forms
from django.utils.formats import date_format

from relais.programmes.eligibility import Eligibility
from relais.programmes.models import IntakeMode, Session

CONSENT_LABEL = "La personne accepte que ses coordonnées soient transmises à l'opérateur"


def session_label(session, free: int) -> str:
    dates = (
        f"du {date_format(session.starts_on, 'd/m/Y')} au {date_format(session.ends_on, 'd/m/Y')}"
    )
    places = f"{free} place{'s' if free > 1 else ''} libre{'s' if free > 1 else ''}"
    name = f"{session.label}, " if session.label else ""
    return f"{name}{dates} — {places}"


class PrescribeForm(forms.Form):
    objective = forms.CharField(
        label="Objectif de la prescription",
        help_text="Ce que la personne vient chercher dans l'action : l'opérateur le lira.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez l'objectif de la prescription."},
    )
    criteria_confirmed = forms.BooleanField(
        label="Je confirme que la personne répond aux critères du public de l'action",
        help_text="Seule votre confirmation est transmise, sans le détail de la situation.",
        required=False,
    )
    session = forms.ModelChoiceField(
        label="Session souhaitée",
        queryset=Session.objects.none(),
        required=False,
        empty_label="Pas de préférence : la première session avec une place libre",
        blank=True,
        widget=forms.RadioSelect,
    )
    derogation_reason = forms.CharField(
        label="Motif de la dérogation",
        help_text=(
            "Obligatoire si la personne n'est pas éligible : pourquoi l'action lui convient. "
            "L'opérateur le lira : n'y écrivez ni information de santé ni détail de la "
            "situation qui ne lui est pas utile."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_now = forms.BooleanField(
        label=CONSENT_LABEL,
        help_text="Sans cet accord, la prescription ne peut pas être envoyée.",
        error_messages={
            "required": "Recueillez l'accord de la personne pour transmettre ses coordonnées "
            "à l'opérateur, puis cochez la case : sans cet accord, rien n'est envoyé."
        },
    )

    def __init__(
        self,
        *args,
        programme,
        sessions: list[tuple[Session, int]],
        needs_consent: bool,
        eligibility_for: Callable[[bool], Eligibility],
        **kwargs,
    ):
        """`sessions`: coming sessions with their free places; `eligibility_for(confirmed)`."""
        super().__init__(*args, **kwargs)
        self.eligibility_for = eligibility_for
        if not programme.prescriber_criteria:
            del self.fields["criteria_confirmed"]
        if programme.intake_mode == IntakeMode.DATED and sessions:
            field = self.fields["session"]
            field.queryset = Session.objects.filter(pk__in=[s.pk for s, _ in sessions])
            free = {s.pk: n for s, n in sessions}
            field.label_from_instance = lambda s: session_label(s, free[s.pk])
        else:
            del self.fields["session"]
        # Shown whenever the person is not eligible without the prescriber's confirmation.
        if eligibility_for(False).eligible:
            del self.fields["derogation_reason"]
        if not needs_consent:
            del self.fields["consent_now"]

    def clean(self):
        cleaned = super().clean()
        eligibility = self.eligibility_for(bool(cleaned.get("criteria_confirmed")))
        reason = (cleaned.get("derogation_reason") or "").strip()
        if not eligibility.eligible and not reason and "derogation_reason" in self.fields:
            self.add_error(
                "derogation_reason",
                f"La personne n'est pas éligible ({eligibility.explanation()}) : pour prescrire "
                "quand même, écrivez le motif de la dérogation.",
            )
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Motif du retrait",
        help_text="L'opérateur et le référent de parcours en sont informés.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Écrivez pourquoi la prescription est retirée."},
    )
