"""Compile locale/*/LC_MESSAGES/django.po into .mo files, in pure Python (polib).

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may not have;
`make demo` must work without it.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile les traductions (.po → .mo) sans dépendre de gettext."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Traductions compilées : {compiled}.")
