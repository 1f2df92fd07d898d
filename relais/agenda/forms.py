import datetime as dt

from django import forms
from django.utils import timezone

from relais.agenda.models import CollectiveSession, Mode, Motive, Opening
from relais.core.forms import date_field
from relais.territory.models import Site


class SlotFilterForm(forms.Form):
    motive = forms.ModelChoiceField(
        label="Motif", queryset=Motive.objects.none(), required=False, empty_label="Tous les motifs"
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="Tous les sites"
    )
    profession = forms.ChoiceField(label="Métier", required=False)
    mode = forms.ChoiceField(
        label="Modalité", required=False, choices=[("", "Toutes"), *Mode.choices]
    )
    after = date_field("À partir du", required=False, help_text="Par exemple : 02/03/2027")

    def __init__(self, *args, motives, sites, professions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motive"].queryset = motives
        self.fields["site"].queryset = sites
        self.fields["profession"].choices = [("", "Tous les métiers")] + [
            (p, p) for p in professions
        ]


class BookingForm(forms.Form):
    slot = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choisissez un créneau dans la liste.",
            "invalid": "Choisissez un créneau dans la liste.",
        },
    )
    motive = forms.ModelChoiceField(
        label="Motif du rendez-vous",
        queryset=Motive.objects.none(),
        error_messages={"required": "Choisissez le motif du rendez-vous."},
    )
    mode = forms.ChoiceField(
        label="Modalité", choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.IN_PERSON
    )
    requested_at = date_field(
        "Date de la demande",
        help_text="Le jour où la personne a demandé ce rendez-vous (pour mesurer les délais).",
    )
    interpreter_language = forms.CharField(
        label="Interprète nécessaire : langue",
        required=False,
        max_length=40,
        help_text="Laissez vide si la personne n'a pas besoin d'interprète.",
    )

    def __init__(self, *args, motives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motive"].queryset = motives

    def clean_requested_at(self):
        value = self.cleaned_data["requested_at"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date de la demande ne peut pas être dans le futur.")
        return value


class OpeningForm(forms.ModelForm):
    valid_from = date_field("À partir du")
    valid_until = date_field("Jusqu'au", required=False)

    class Meta:
        model = Opening
        fields = [
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "motives",
            "in_person",
            "phone",
            "video",
            "home_visit",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "start_time": forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
            "end_time": forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
            "slot_minutes": forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            "motives": forms.CheckboxSelectMultiple,
        }
        help_texts = {"start_time": "Par exemple : 08:30", "end_time": "Par exemple : 12:00"}

    def __init__(self, *args, motives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motives"].queryset = motives
        self.fields["motives"].error_messages["required"] = "Cochez au moins un motif accepté."

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit être après l'heure de début.")
        if not any(data.get(m) for m in ("in_person", "phone", "video", "home_visit")):
            self.add_error("in_person", "Cochez au moins une modalité.")
        until, since = data.get("valid_until"), data.get("valid_from")
        if until and since and until < since:
            self.add_error("valid_until", "La fin de validité doit être après son début.")
        return data


class AbsenceForm(forms.Form):
    start_date = date_field("Du")
    start_time = forms.TimeField(
        label="à partir de",
        initial=dt.time(8, 0),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    end_date = date_field("Au")
    end_time = forms.TimeField(
        label="jusqu'à",
        initial=dt.time(18, 0),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    reason = forms.CharField(
        label="Motif", required=False, max_length=150, help_text="Par exemple : formation, congés."
    )

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("start_date", "start_time", "end_date", "end_time")):
            tz = timezone.get_current_timezone()
            data["start"] = dt.datetime.combine(data["start_date"], data["start_time"], tz)
            data["end"] = dt.datetime.combine(data["end_date"], data["end_time"], tz)
            if data["end"] <= data["start"]:
                self.add_error("end_date", "La fin de l'absence doit être après son début.")
        return data


class StatusForm(forms.Form):
    status = forms.CharField()


class CollectiveSessionForm(forms.ModelForm):
    day = date_field("Date")
    start_time = forms.TimeField(
        label="Début",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        help_text="Par exemple : 14:00",
    )
    end_time = forms.TimeField(
        label="Fin", widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"})
    )

    class Meta:
        model = CollectiveSession
        fields = ["title", "motive", "site", "capacity"]
        widgets = {"capacity": forms.NumberInput(attrs={"class": "govuk-input--width-3"})}

    def __init__(self, *args, motives, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motive"].queryset = motives
        self.fields["site"].queryset = sites

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("day", "start_time", "end_time")):
            tz = timezone.get_current_timezone()
            data["start"] = dt.datetime.combine(data["day"], data["start_time"], tz)
            data["end"] = dt.datetime.combine(data["day"], data["end_time"], tz)
            if data["end"] <= data["start"]:
                self.add_error("end_time", "L'heure de fin doit être après l'heure de début.")
            elif data["start"] < timezone.now():
                self.add_error("day", "La réunion doit avoir lieu dans le futur.")
        return data
