"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def portal(request, **kwargs):
    raise Http404


def prescription(request, **kwargs):
    raise Http404


def accept(request, **kwargs):
    raise Http404


def waitlist(request, **kwargs):
    raise Http404


def refuse(request, **kwargs):
    raise Http404


def enter(request, **kwargs):
    raise Http404


def end(request, **kwargs):
    raise Http404


def programme(request, **kwargs):
    raise Http404


def session_create(request, **kwargs):
    raise Http404


def session_places(request, **kwargs):
    raise Http404
