"""Write docs/indicators.md from the registry: one definition per figure, in one place."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from relais.core.indicators import indicators

TARGET = Path(settings.BASE_DIR) / "docs" / "indicators.md"


def render() -> str:
    lines = [
        "# Indicateurs",
        "",
        "Généré par `python manage.py document_indicators` depuis le registre des indicateurs",
        "(`relais/core/indicators.py`) : ne pas modifier à la main. Chaque tableau de bord montre",
        "la même définition à côté du chiffre (« ? Définition »).",
        "",
    ]
    for indicator in indicators():
        lines += [
            f"## {indicator.label}",
            "",
            f"- Code : `{indicator.code}`",
            f"- Unité : {indicator.unit}",
            f"- Fiches action : {', '.join(indicator.action_sheets)}",
        ]
        if indicator.target:
            lines.append(f"- Cible : {indicator.target}")
        lines += ["", indicator.definition, ""]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Écrit docs/indicators.md à partir du registre des indicateurs."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Échoue si le fichier diffère.")

    def handle(self, *args, **options):
        content = render()
        if options["check"]:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != content:
                raise SystemExit(
                    "docs/indicators.md n'est pas à jour : lancez document_indicators."
                )
            return
        TARGET.write_text(content, encoding="utf-8")
        self.stdout.write(f"{TARGET.name} : {len(indicators())} indicateurs.")
