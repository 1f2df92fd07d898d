"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def budget(request, **kwargs):
    raise Http404


def indicators(request, **kwargs):
    raise Http404


def indicators_export(request, **kwargs):
    raise Http404
