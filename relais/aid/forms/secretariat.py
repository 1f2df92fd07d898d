"""The secretariat's forms: approve, refuse, ask for what is missing, record a payment.

Each form's cleaned data are the keyword arguments of the one service it feeds, so a view
validates, calls, and turns an AidError into a form error.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone

from relais.aid.models import RefusalReason
from relais.core.forms import date_field


def _comment(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


class ServiceForm(forms.Form):
    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ApproveForm(ServiceForm):
    amount = forms.DecimalField(
        label="Montant accordé (€)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Indiquez le montant accordé.",
            "invalid": "Indiquez un montant en euros, par exemple 850 ou 849,90.",
            "min_value": "Indiquez un montant supérieur à 0 €.",
            "max_decimal_places": "Deux décimales au plus, par exemple 849,90.",
            "max_digits": "Ce montant est trop élevé pour le fonds.",
        },
    )
    comment = _comment(
        "Observations",
        required=False,
        help_text="Reprises dans le courrier à la personne et dans l'avis à l'agent.",
    )


class RefuseForm(ServiceForm):
    reason = forms.ChoiceField(
        label="Motif du refus",
        choices=RefusalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le motif du refus."},
    )
    comment = _comment(
        "Explication du refus",
        required=False,
        help_text="Reprise dans le courrier à la personne : écrivez-la pour elle.",
    )


class IncompleteForm(ServiceForm):
    missing = _comment(
        "Ce qui manque à la demande",
        help_text="L'agent le lit pour compléter la demande, puis la transmet de nouveau.",
        error_messages={"required": "Écrivez ce qui manque à la demande."},
    )


class PayForm(ServiceForm):
    paid_on = date_field("Date du paiement", help_text="Par exemple : 02/03/2027")
    reference = forms.CharField(
        label="Référence du paiement",
        max_length=50,
        help_text="Le numéro du mandat ou du virement dans le logiciel financier.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Indiquez la référence du paiement (mandat ou virement)."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
