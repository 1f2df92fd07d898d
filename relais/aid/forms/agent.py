"""The agent's forms: the application, a paper, the list filter. The rules live in the services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import number_format

from relais.aid.models import AidCategory, ContractKind, DocumentKind, PayeeKind, Purpose, Status
from relais.aid.services.rules import granted_in_window
from relais.core.forms import date_field

RETYPE_IBAN = (
    "Pour le protéger, l'IBAN n'est jamais réaffiché : saisissez-le à nouveau avant d'enregistrer."
)


def amount_text(amount: Decimal) -> str:
    """1 200 € or 12,50 €: whole euros without decimals, as the ceilings are written."""
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=decimals, force_grouping=True)} €"


def ceilings_text(category: AidCategory) -> str:
    return (
        f"{amount_text(category.ceiling_per_application)} par demande, "
        f"{amount_text(category.ceiling_per_person)} par personne sur 12 mois"
    )


class IbanInput(forms.TextInput):
    """Never renders the typed value back: a full IBAN must not travel in a page."""

    def format_value(self, value):
        return None


class CategoryField(forms.ModelChoiceField):
    def __init__(self, *args, granted: dict, **kwargs):
        self.granted = granted
        super().__init__(*args, **kwargs)

    def label_from_instance(self, category):
        already = self.granted.get(category.pk, Decimal("0"))
        return (
            f"{category} — {ceilings_text(category)} ; déjà accordé à cette personne "
            f"sur 12 mois : {amount_text(already)}"
        )


class ApplicationForm(forms.Form):
    amount_requested = forms.DecimalField(
        label="Montant demandé (€)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Indiquez le montant demandé.",
            "invalid": "Indiquez un montant en euros, par exemple 850 ou 849,90.",
            "min_value": "Indiquez un montant supérieur à 0 €.",
            "max_decimal_places": "Deux décimales au plus, par exemple 849,90.",
            "max_digits": "Ce montant est trop élevé pour le fonds.",
        },
    )
    purpose = forms.ChoiceField(
        label="L'aide permet",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si l'aide permet un emploi ou une formation."},
    )
    employer_or_body = forms.CharField(
        label="Employeur ou organisme de formation",
        max_length=200,
        error_messages={"required": "Indiquez l'employeur ou l'organisme de formation."},
    )
    activity_starts_on = date_field(
        "Début de l'emploi ou de la formation", help_text="Par exemple : 02/03/2027"
    )
    contract_kind = forms.ChoiceField(
        label="Nature du contrat",
        choices=[("", "Choisissez la nature du contrat"), *ContractKind.choices],
        error_messages={"required": "Choisissez la nature du contrat."},
    )
    why_not_employer = forms.CharField(
        label="Pourquoi l'employeur ou l'organisme ne prend pas ce coût en charge",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Expliquez pourquoi l'employeur ou l'organisme ne prend pas ce coût en "
            "charge : le fonds n'intervient qu'à défaut."
        },
    )
    payee_kind = forms.ChoiceField(
        label="Qui reçoit le paiement",
        choices=PayeeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez qui reçoit le paiement."},
    )
    payee_name = forms.CharField(
        label="Nom du bénéficiaire du paiement",
        max_length=200,
        required=False,
        help_text="Laissé vide, c'est le nom de la personne quand elle reçoit le paiement.",
    )
    iban = forms.CharField(
        label="IBAN du bénéficiaire du paiement",
        max_length=50,
        widget=IbanInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "govuk-input--width-30",
            }
        ),
        help_text="Recopiez-le depuis le relevé d'identité bancaire : 27 caractères pour un "
        "compte français, espaces permis.",
        error_messages={"required": "Saisissez l'IBAN du bénéficiaire du paiement."},
    )

    def __init__(self, *args, person, departement_id, stored_iban: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        open_categories = AidCategory.objects.filter(departement_id=departement_id, is_active=True)
        today = timezone.localdate()
        # What this person already received in each category: the agent sees what is left.
        granted = {c.pk: granted_in_window(person, c, today) for c in open_categories}
        self.fields = {
            "category": CategoryField(
                label="Catégorie de l'aide",
                queryset=open_categories,
                granted=granted,
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": "Choisissez la catégorie de l'aide."},
            ),
            **self.fields,
        }
        if stored_iban:
            # Editing: the stored IBAN stays unless a new one is typed.
            self.fields["iban"].required = False
            self.fields[
                "iban"
            ].help_text = f"IBAN enregistré : {stored_iban}. Laissez vide pour le garder."

    def clean(self):
        data = super().clean()
        if not data.get("payee_name"):
            if data.get("payee_kind") == PayeeKind.PERSON:
                data["payee_name"] = self.person.full_name
            elif data.get("payee_kind") == PayeeKind.SUPPLIER:
                self.add_error(
                    "payee_name", "Indiquez le nom du fournisseur payé (garage, assureur…)."
                )
        return data

    def add_error(self, field, error):
        super().add_error(field, error)
        if self.data.get(self.add_prefix("iban"), "").strip():
            # The bound field copied the help text when it was built: change both.
            self.fields["iban"].help_text = self["iban"].help_text = RETYPE_IBAN

    def application_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "iban"}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Pièce",
        choices=[("", "Choisissez la pièce"), *DocumentKind.choices],
        error_messages={"required": "Choisissez la pièce déposée."},
    )
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
        error_messages={"required": "Choisissez le fichier à déposer."},
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous les statuts"), *Status.choices], required=False
    )
