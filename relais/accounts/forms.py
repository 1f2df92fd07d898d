from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez ; "
            "après 10 essais manqués, le compte est bloqué pendant une heure."
        ),
        "inactive": "Ce compte est désactivé : adressez-vous à votre responsable.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()
