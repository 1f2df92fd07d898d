from django import template

from relais.core.forms import widget_attrs, widget_kind

register = template.Library()


@register.simple_tag
def govuk_widget(bound_field):
    return bound_field.as_widget(attrs=widget_attrs(bound_field))


@register.filter
def kind(bound_field) -> str:
    return widget_kind(bound_field.field.widget)
