"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def catalogue(request, **kwargs):
    raise Http404


def programme_detail(request, **kwargs):
    raise Http404


def prescribe(request, **kwargs):
    raise Http404


def prescription_detail(request, **kwargs):
    raise Http404


def withdraw(request, **kwargs):
    raise Http404
