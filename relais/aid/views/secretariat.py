"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def queue(request, **kwargs):
    raise Http404


def review(request, **kwargs):
    raise Http404


def start_review(request, **kwargs):
    raise Http404


def approve(request, **kwargs):
    raise Http404


def refuse(request, **kwargs):
    raise Http404


def incomplete(request, **kwargs):
    raise Http404


def pay(request, **kwargs):
    raise Http404


def letter_person(request, **kwargs):
    raise Http404


def letter_agent(request, **kwargs):
    raise Http404


def batches(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404


def batch(request, **kwargs):
    raise Http404
