from django import forms
from django.conf import settings


class FlowUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier du flux CAF",
        help_text=(
            "Le flux bénéficiaires RSA tel que la CAF l'a transmis : fichier XML, ou XML "
            f"compressé (.gz), {settings.RELAIS_IMPORT_MAX_MB} Mo au plus."
        ),
        error_messages={
            "required": "Choisissez le fichier du flux CAF à importer.",
            "empty": "Le fichier choisi est vide : choisissez le fichier transmis par la CAF.",
        },
    )
