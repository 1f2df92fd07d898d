"""Formats of the public pages and leaflets, in the active language."""

import datetime as dt
import re

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from relais.directory.languages import BY_CODE, DEFAULT_LANGUAGE

register = template.Library()


@register.filter
def long_date(day: dt.date) -> str:
    """ "lundi 14 juillet 2025", "Monday 14 July 2025", "الاثنين 14 يوليو 2025"."""
    language = BY_CODE.get(get_language(), BY_CODE[DEFAULT_LANGUAGE])
    return date_format(day, language.long_date)


@register.filter
def clock(moment: dt.time) -> str:
    """24-hour time, the same in every language: 08:30."""
    return moment.strftime("%H:%M")


@register.filter
def tel_uri(phone: str) -> str:
    """A French number as a tel: link a phone dials from abroad too: 05 63… → tel:+33563…"""
    digits = re.sub(r"[^\d+]", "", phone)
    if re.fullmatch(r"0\d{9}", digits):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"
