import datetime as dt
import re

from django import forms
from django.utils import timezone

from relais.people.models import Consent, Document, Event, Person
from relais.people.services import PERSON_FIELDS
from relais.territory.models import Commune

DATE_HINT = "Par exemple : 27/03/1985"
_PHONE = re.compile(r"^(?:\+33|0)[1-9]\d{8}$")


class PersonForm(forms.ModelForm):
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text=DATE_HINT,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Saisissez la date de naissance.",
            "invalid": "Saisissez la date de naissance au format jj/mm/aaaa, par exemple 27/03/1985.",
        },
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "sex": forms.RadioSelect,
            "nationality": forms.RadioSelect,
            "caf_number": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}
            ),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "caf_number": "7 chiffres, sur les courriers de la CAF.",
            "languages": "Séparées par des virgules, par exemple : arabe, français.",
            "nationality": "Seul ce regroupement est demandé (minimisation des données).",
        }
        error_messages = {
            "birth_name": {"required": "Saisissez le nom de naissance."},
            "first_names": {"required": "Saisissez au moins un prénom."},
            "sex": {"required": "Indiquez le sexe tel qu'il figure à l'état civil."},
        }

    def __init__(self, *args, departement=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.all()
        if departement is not None:
            communes = communes.filter(departement=departement)
        self.fields["commune"].queryset = communes.order_by("name")
        self.fields["commune"].empty_label = "Choisissez la commune"
        for name in ("sex", "nationality"):  # Radios need no empty "---------" choice.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean_birth_name(self):
        return self.cleaned_data["birth_name"].strip().upper()

    def clean_usage_name(self):
        return self.cleaned_data["usage_name"].strip().upper()

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        if value < dt.date(today.year - 120, 1, 1):
            raise forms.ValidationError(
                "Cette date de naissance donnerait plus de 120 ans : vérifiez l'année."
            )
        return value

    def clean_caf_number(self):
        value = re.sub(r"\s", "", self.cleaned_data["caf_number"])
        if value and not re.fullmatch(r"\d{7}", value):
            raise forms.ValidationError(
                "Le numéro allocataire CAF compte exactement 7 chiffres (sans lettre ni espace)."
            )
        return value

    def clean_phone(self):
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["phone"])
        if value and not _PHONE.match(value):
            raise forms.ValidationError(
                "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 06 12 34 56 78."
            )
        return value


class PersonCreateForm(PersonForm):
    confirm_new = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, je crée un nouveau dossier.",
        required=False,
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher une personne",
        help_text="Nom, prénom, date de naissance (jj/mm/aaaa) ou numéro allocataire.",
        max_length=100,
        required=False,
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type de document",
        choices=[choice for choice in Document.Kind.choices if choice[0] != Document.Kind.AID],
    )
    title = forms.CharField(
        label="Intitulé",
        max_length=150,
        help_text="Par exemple : Attestation CAF de mars. N'y mettez pas d'informations de santé.",
    )
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
        error_messages={"required": "Choisissez le fichier à déposer."},
    )


class ReferentForm(forms.Form):
    referent = forms.ModelChoiceField(
        label="Référent de parcours",
        queryset=None,
        empty_label="Choisissez un professionnel",
        error_messages={"required": "Choisissez le référent de parcours."},
    )

    def __init__(self, *args, referents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Objet du consentement", choices=Consent.Purpose.choices, widget=forms.RadioSelect
    )
    given = forms.TypedChoiceField(
        label="Réponse de la personne",
        choices=[("1", "Elle donne son accord"), ("0", "Elle refuse ou retire son accord")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note de suivi",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="300 caractères au plus. Les faits utiles au parcours, sans jugement ni donnée de santé.",
    )


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type d'événement",
        choices=[("", "Tous les événements"), *Event.Kind.choices],
        required=False,
    )
