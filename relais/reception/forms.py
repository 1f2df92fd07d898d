import datetime as dt

from django import forms
from django.utils import timezone

from relais.people.models import Person
from relais.reception import policy
from relais.reception.hours import is_outside_hours
from relais.reception.models import (
    MAX_INTERPRETING_MINUTES,
    Channel,
    Interpreting,
    InterpretingMode,
    Language,
    Motive,
    Outcome,
    Visit,
)
from relais.reception.services import MOTIVES_REQUIRED, PERSON_OUT_OF_REACH, PROCEDURE_MAX_CHARS

DATE_FORMAT = "%d/%m/%Y"
ANONYMOUS = "Aucun dossier : passage anonyme"
# The clock of the agent's computer may be a little ahead of the server's.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


def person_label(person) -> str:
    label = f"{person.full_name}, né·e le {person.birth_date:%d/%m/%Y}"
    return f"{label} — {person.commune.name}" if person.commune_id else label


class VisitForm(forms.ModelForm):
    """The quick entry form: everything pre-filled but the motives, filled in under 30 s."""

    date = forms.DateField(
        label="Date",
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Saisissez la date du passage.",
            "invalid": "Saisissez la date au format jj/mm/aaaa, par exemple 03/02/2026.",
        },
    )
    time = forms.TimeField(
        label="Heure",
        input_formats=["%H:%M", "%Hh%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Saisissez l'heure du passage.",
            "invalid": "Saisissez l'heure au format hh:mm, par exemple 09:45.",
        },
    )
    motives = forms.MultipleChoiceField(
        label="Motifs",
        choices=Motive.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": MOTIVES_REQUIRED},
    )
    interpreting_provider = forms.CharField(
        label="Prestataire d'interprétariat", max_length=150, required=False
    )
    # The suggestion shown at page load: left as it was, it is recomputed for the date, time
    # and site finally entered; changed by the agent, the agent's answer stands.
    outside_hours_suggested = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # The order of the page, which the error summary follows.
    field_order = [
        "person",
        "site",
        "date",
        "time",
        "channel",
        "motives",
        "outcome",
        "partner",
        "interpreting",
        "interpreting_language",
        "interpreting_duration",
        "interpreting_provider",
        "is_first_contact",
        "is_outside_hours",
    ]

    class Meta:
        model = Visit
        fields = [
            "site",
            "channel",
            "outcome",
            "partner",
            "is_first_contact",
            "is_outside_hours",
            "interpreting",
            "interpreting_language",
            "interpreting_duration",
            "person",
        ]
        labels = {
            "channel": "Canal d'accueil",
            "outcome": "Suite donnée",
            "partner": "Partenaire",
            "is_first_contact": "Premier contact avec nos services",
            "is_outside_hours": "En dehors des horaires d'ouverture habituels",
            "interpreting": "Interprétariat",
            "interpreting_language": "Langue de l'interprétariat",
            "interpreting_duration": "Durée en minutes",
            "person": "Dossier de la personne",
        }
        help_texts = {
            "partner": "Si la personne est orientée vers un partenaire.",
            "is_outside_hours": "Pré-coché d'après les horaires et fermetures du site.",
            "interpreting_language": "À indiquer dès qu'un interprète ou un proche a traduit.",
            "interpreting_duration": "À indiquer pour un interprète professionnel.",
        }
        widgets = {
            # Long names must not widen the page past a 320 px screen.
            "site": forms.Select(attrs={"class": "govuk-!-width-full"}),
            "partner": forms.Select(attrs={"class": "govuk-!-width-full"}),
            "interpreting_language": forms.Select(attrs={"class": "govuk-!-width-full"}),
            "channel": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "interpreting": forms.RadioSelect,
            "interpreting_duration": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
            ),
        }
        error_messages = {
            "channel": {"required": "Choisissez le canal d'accueil."},
            "outcome": {"required": "Choisissez la suite donnée au passage."},
            "site": {"required": "Choisissez le site du passage."},
            "interpreting": {"required": "Indiquez s'il y a eu un interprète (« Aucun » sinon)."},
            "interpreting_duration": {
                "invalid": "Indiquez la durée en minutes, par exemple 15.",
                "min_value": "La durée ne peut pas être négative.",
            },
        }

    def __init__(self, *args, user, site=None, candidates=(), **kwargs):
        organisation = policy.membership_of(user).organisation
        kwargs.setdefault("instance", Visit(organisation=organisation, recorded_by=user))
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = policy.recording_sites(user)
        self.fields["site"].empty_label = None
        self.fields["partner"].queryset = policy.partner_organisations(user)
        self.fields["partner"].empty_label = "Choisissez le partenaire"
        self.fields["interpreting_language"].choices = [
            ("", "Choisissez la langue"),
            *[c for c in self.fields["interpreting_language"].choices if c[0]],
        ]
        for name in ("channel", "outcome", "interpreting"):  # Radios need no empty choice.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self._setup_person(user, candidates)
        if not self.is_bound:
            self._prefill(site)

    def _setup_person(self, user, candidates) -> None:
        field = self.fields["person"]
        field.queryset = Person.objects.visible_to(user).select_related("commune")
        field.to_field_name = "uuid"
        field.widget = forms.RadioSelect()
        field.error_messages["invalid_choice"] = PERSON_OUT_OF_REACH
        shown = list(candidates)
        chosen = self._chosen_person()
        if chosen is not None and chosen not in shown:
            shown.insert(0, chosen)
        # Only the search results (and the person already chosen) are offered, never the
        # whole list of files the organisation follows.
        field.widget.choices = [("", ANONYMOUS), *[(str(p.uuid), person_label(p)) for p in shown]]

    def _chosen_person(self):
        value = self.data.get(self.add_prefix("person")) if self.is_bound else None
        if not value:
            return None
        try:
            return self.fields["person"].queryset.filter(uuid=value).first()
        except (ValueError, forms.ValidationError):
            return None

    def _prefill(self, site) -> None:
        now = timezone.localtime()
        outside = is_outside_hours(site, now) if site is not None else False
        self.initial.update(
            {
                "site": site.pk if site is not None else None,
                "date": now.date(),
                "time": now.time().replace(second=0, microsecond=0),
                "channel": Channel.WALK_IN,
                "outcome": Outcome.INFORMATION_GIVEN,
                "interpreting": Interpreting.NONE,
                "is_outside_hours": outside,
                "outside_hours_suggested": outside,
            }
        )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        occurred_at = timezone.make_aware(dt.datetime.combine(day, time))
        if occurred_at > timezone.now() + FUTURE_TOLERANCE:
            field = "date" if day > timezone.localdate() else "time"
            self.add_error(field, "Le passage ne peut pas être enregistré dans le futur.")
            return cleaned
        self.instance.occurred_at = occurred_at
        site = cleaned.get("site")
        if site is not None and cleaned.get("is_outside_hours") == cleaned.get(
            "outside_hours_suggested"
        ):
            cleaned["is_outside_hours"] = is_outside_hours(site, occurred_at)
        return cleaned

    def visit_data(self) -> dict:
        """What record_visit needs, from a valid form."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["occurred_at"] = self.instance.occurred_at
        data["motives"] = self.cleaned_data["motives"]
        data["interpreting_provider"] = self.cleaned_data["interpreting_provider"]
        return data


class PersonLookupForm(forms.Form):
    """The search of the visit form: a form of its own (POST, so no name lands in a URL)."""

    use_required_attribute = False

    q = forms.CharField(
        label="Rechercher la personne",
        help_text="Nom et prénom, ou date de naissance (jj/mm/aaaa). Facultatif.",
        max_length=100,
        widget=forms.TextInput(
            attrs={"form": "person-lookup", "type": "search", "autocomplete": "off"}
        ),
        error_messages={"required": "Saisissez un nom, un prénom ou une date de naissance."},
    )


class VisitFilterForm(forms.Form):
    date_from = forms.DateField(
        label="Du",
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Saisissez la date au format jj/mm/aaaa."},
    )
    date_to = forms.DateField(
        label="Au",
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Saisissez la date au format jj/mm/aaaa."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "La date de fin doit suivre la date de début.")
        return cleaned


class ProcedureForm(forms.Form):
    body = forms.CharField(
        label="Texte de la procédure",
        help_text=(
            "Mise en forme : « ## » devant un titre, « - » devant chaque point d'une liste, "
            "**gras**. N'y mettez aucune donnée personnelle."
        ),
        max_length=PROCEDURE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": "Saisissez le texte de la procédure."},
    )


class AppointmentInterpretingForm(forms.Form):
    language = forms.ChoiceField(label="Langue", choices=[("", "Choisissez la langue")])
    mode = forms.ChoiceField(label="Modalité", widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=MAX_INTERPRETING_MINUTES,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Indiquez la durée de l'interprétariat en minutes."},
    )
    provider = forms.CharField(label="Prestataire", required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices += list(Language.choices)
        self.fields["language"].error_messages["required"] = "Choisissez la langue."
        self.fields["mode"].choices = InterpretingMode.choices
        self.fields["mode"].error_messages["required"] = "Choisissez la modalité."


def language_code(label: str) -> str:
    """ "arabe" → "ar": the free text noted at booking, matched to the list, if it can be."""
    wanted = label.strip().lower()
    return next((code for code, name in Language.choices if name.lower() == wanted), "")
