"""GOV.UK markup for Django forms: every form renders its fields and errors the same way."""

from django import forms
from django.forms.renderers import TemplatesSetting


class RelaisFormRenderer(TemplatesSetting):
    form_template_name = "relais/forms/form.html"
    field_template_name = "relais/forms/field.html"


WIDGET_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
}


def widget_kind(widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def widget_attrs(bound_field) -> dict:
    """Class, error state and the ids of hint and error that describe the field."""
    kind = widget_kind(bound_field.field.widget)
    css = WIDGET_CLASSES.get(kind, "govuk-input")
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
        css += {
            "select": " govuk-select--error",
            "textarea": " govuk-textarea--error",
            "file": " govuk-file-upload--error",
            "input": " govuk-input--error",
        }.get(kind, "")
    attrs = {"class": " ".join([css, bound_field.field.widget.attrs.get("class", "")]).strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


DATE_FORMATS = ["%d/%m/%Y"]


def date_field(label: str, **kwargs) -> forms.DateField:
    """A date typed as jj/mm/aaaa, the way agents write it, with a French error that shows how."""
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Indiquez la date ({label.lower()}).",
            "invalid": "Saisissez une date au format jj/mm/aaaa, par exemple 02/03/2027.",
        },
        **kwargs,
    )
