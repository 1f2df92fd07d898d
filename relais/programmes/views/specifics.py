"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def assessment_add(request, **kwargs):
    raise Http404


def orient_to_course(request, **kwargs):
    raise Http404


def work_day_add(request, **kwargs):
    raise Http404
