"""Forms of the programme specifics: language assessments and orientation, TAPAJ days."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from relais.core.forms import date_field
from relais.programmes.models import Cefr, LanguageAssessment
from relais.programmes.models.specifics import SKILLS

LEVEL_CHOICES = [("", "Choisissez un niveau"), *Cefr.choices]


def _level(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        error_messages={"required": f"Indiquez le niveau en {label.lower()}."},
    )


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type d'évaluation",
        choices=LanguageAssessment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le type d'évaluation."},
    )
    assessed_on = date_field(
        "Date de l'évaluation", initial=timezone.localdate, help_text="Par exemple : 02/03/2027"
    )
    comment = forms.CharField(
        label="Observations",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, first: bool = True, **kwargs):
        kwargs.setdefault("auto_id", "evaluation_%s")
        super().__init__(*args, **kwargs)
        # The four skills of the CEFR grid, before the comment.
        comment = self.fields.pop("comment")
        for field, label in SKILLS:
            self.fields[field] = _level(label)
        self.fields["comment"] = comment
        kind = LanguageAssessment.Kind
        self.fields["kind"].initial = kind.INITIAL if first else kind.FINAL

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class OrientForm(forms.Form):
    course = forms.ChoiceField(
        label="Formation",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la formation.",
            "invalid_choice": "Choisissez une formation de la liste.",
        },
    )
    objective = forms.CharField(
        label="Objectif de la formation",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Formation linguistique adaptée au niveau évalué par la plateforme.",
        error_messages={"required": "Écrivez l'objectif de la formation."},
    )
    derogation_reason = forms.CharField(
        label="Motif de la dérogation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement si la personne ne remplit pas les conditions de la formation.",
    )

    def __init__(self, *args, courses, **kwargs):
        kwargs.setdefault("auto_id", "orientation_%s")
        super().__init__(*args, **kwargs)
        self.courses = {str(row["programme"].uuid): row["programme"] for row in courses}
        self.fields["course"].choices = [
            (str(row["programme"].uuid), _course_label(row))
            for row in courses
            if not row["already"]
        ]

    def kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "course": self.courses[data["course"]],
            "objective": data["objective"],
            "derogation_reason": data["derogation_reason"],
        }


def _course_label(row) -> str:
    free = row["free"]
    places = f"{free} place{'s' if free > 1 else ''} libre{'s' if free > 1 else ''}"
    if not free:
        places = "complète : liste d'attente"
    return f"{row['programme'].operator} — {row['programme'].name} ({places})"


class WorkDayForm(forms.Form):
    worked_on = date_field(
        "Date de la journée", initial=timezone.localdate, help_text="Par exemple : 02/03/2027"
    )
    hours = forms.DecimalField(
        label="Heures travaillées",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=12,
        localize=True,
        help_text="Par exemple : 4 ou 3,5",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Indiquez le nombre d'heures.",
            "invalid": "Indiquez un nombre d'heures, par exemple 4 ou 3,5.",
            "max_decimal_places": "Une décimale au plus, par exemple 3,5.",
            "min_value": "Une demi-heure au moins.",
            "max_value": "12 heures au plus dans une journée.",
        },
    )
    work_site = forms.CharField(
        label="Chantier",
        max_length=150,
        error_messages={"required": "Indiquez le chantier."},
    )
    paid = forms.BooleanField(label="Journée payée", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "journee_%s")
        super().__init__(*args, **kwargs)

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


def blank_forms(specifics: dict) -> dict:
    """The forms the programme's specifics call for (see queries.portal.specifics)."""
    built = {}
    if specifics.get("can_assess"):
        built["assessment_form"] = AssessmentForm(first=not specifics["assessments"])
    if specifics.get("can_orient"):
        built["orient_form"] = OrientForm(courses=specifics["courses"])
    if specifics.get("can_record_days"):
        built["work_day_form"] = WorkDayForm()
    return built
