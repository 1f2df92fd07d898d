"""The insertion offer's section of a person's page (filled in by the prescriber-side work)."""


def register() -> None:
    pass
