"""IBANs: checked by their key (ISO 13616, mod 97), stored encrypted, shown masked.

The key is RELAIS_IBAN_KEY (any secret string; a Fernet key is derived from it). Rotating it
means re-encrypting the rows: keep the old key until then.
"""

import base64
import hashlib
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

# Lengths by country for the countries of the SEPA zone payments here will meet; others: 15–34.
LENGTHS = {"FR": 27, "MC": 27, "BE": 16, "DE": 22, "ES": 24, "IT": 27, "LU": 20, "PT": 25}
SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


class IbanError(ValueError):
    """The message says what to correct, in French."""


def normalise(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").upper()


@sensitive_variables("raw", "iban", "rearranged", "number")
def check(raw: str) -> str:
    """The IBAN without spaces, or IbanError with what is wrong."""
    iban = normalise(raw)
    if not SHAPE.match(iban):
        raise IbanError(
            "Saisissez un IBAN complet : deux lettres du pays, deux chiffres de clé puis le "
            "numéro de compte, par exemple FR76 3000 6000 0112 3456 7890 189."
        )
    expected = LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        raise IbanError(
            f"Un IBAN {iban[:2]} compte {expected} caractères ; celui-ci en a {len(iban)} : "
            "vérifiez-le sur le relevé d'identité bancaire."
        )
    rearranged = iban[4:] + iban[:4]
    number = int("".join(str(int(char, 36)) for char in rearranged))
    if number % 97 != 1:
        raise IbanError(
            "La clé de cet IBAN ne correspond pas au numéro : une erreur de saisie s'est "
            "glissée, vérifiez-le sur le relevé d'identité bancaire."
        )
    return iban


def _fernet() -> Fernet:
    digest = hashlib.sha256(settings.RELAIS_IBAN_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(iban: str) -> str:
    return _fernet().encrypt(iban.encode()).decode()


@sensitive_variables("token")
def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise IbanError(
            "L'IBAN ne peut pas être lu avec la clé actuelle (RELAIS_IBAN_KEY)."
        ) from error


def masked(last4: str) -> str:
    return f"•••• •••• •••• {last4}" if last4 else ""
