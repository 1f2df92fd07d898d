"""Pluggable SMS backends, chosen by RELAIS_SMS_BACKEND (like Django's e-mail backends)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("relais.sms")

# What the tests read, like django.core.mail.outbox.
outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    """The demo's backend: the message goes to the console, never to a real phone."""

    def send(self, phone: str, text: str) -> None:
        print(f"--- SMS vers {phone[:4]}…\n{text}\n---", flush=True)


class LocmemBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    backend = import_string(settings.RELAIS_SMS_BACKEND)()
    backend.send(phone, text)
