"""IBANs: the key is checked, the database holds only ciphertext, the page only the last 4."""

import pytest
from django.db import connection

from relais.aid import iban
from tests.aid.helpers import WRONG_IBAN, draft


def test_a_valid_iban_is_normalised():
    assert iban.check("fr76-3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (WRONG_IBAN, "La clé de cet IBAN ne correspond pas"),
        ("FR76 3000 6000 0112 3456 7890 18", "Un IBAN FR compte 27 caractères ; celui-ci en a 26"),
        ("3000 6000 0112", "Saisissez un IBAN complet"),
        ("", "Saisissez un IBAN complet"),
    ],
)
def test_a_wrong_iban_says_what_to_check(raw, message):
    with pytest.raises(iban.IbanError, match=message):
        iban.check(raw)


def test_encryption_round_trip_and_another_key_cannot_read(settings):
    token = iban.encrypt("FR7630006000011234567890189")
    assert "30006000" not in token
    assert iban.decrypt(token) == "FR7630006000011234567890189"
    settings.RELAIS_IBAN_KEY = "another-key"
    with pytest.raises(iban.IbanError, match="RELAIS_IBAN_KEY"):
        iban.decrypt(token)


def test_the_iban_is_never_in_clear_in_the_database(world, licence, eligible):
    draft(world, licence)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM aid_aidapplication")
        rows = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert "FR7630006000011234567890189" not in rows
    assert "3000 6000 0112" not in rows
    assert "0189" in rows  # only the last four characters are readable


def test_masked():
    assert iban.masked("0189") == "•••• •••• •••• 0189"
