"""Stub: replaced by the views work (placeholder until then)."""

from django.http import Http404


def application_list(request, **kwargs):
    raise Http404


def apply(request, **kwargs):
    raise Http404


def application(request, **kwargs):
    raise Http404


def edit(request, **kwargs):
    raise Http404


def document_add(request, **kwargs):
    raise Http404


def document_download(request, **kwargs):
    raise Http404


def submit(request, **kwargs):
    raise Http404


def cancel(request, **kwargs):
    raise Http404
