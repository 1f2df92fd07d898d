"""Programme specifics on the operator's prescription page: the language platform's
assessments and orientations (action sheet 8.3), TAPAJ's days worked (8.1).

Each is a POST from the prescription's page, calling one service of services/specifics.py;
the page itself (and its access rule) is the portal's (views/operator.py).
"""

from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.programmes.forms import specifics as forms
from relais.programmes.queries import portal as queries
from relais.programmes.services import specifics as services
from relais.programmes.views.operator import run_action


def _assessed(user, item, **kwargs) -> str:
    assessment = services.record_assessment(user=user, prescription=item, **kwargs)
    return f"{assessment.get_kind_display()} enregistrée."


@require_POST
def assessment_add(request, prescription_uuid):
    return run_action(
        request, prescription_uuid, "assessment_form", forms.AssessmentForm, _assessed
    )


def _oriented(user, item, **kwargs) -> str:
    course = services.orient_to_course(user=user, prescription=item, **kwargs)
    return (
        f"Prescription envoyée à « {course.programme.name} » ({course.programme.operator}) : "
        "l'organisme de formation la reçoit sur son portail."
    )


@require_POST
def orient_to_course(request, prescription_uuid):
    def form_args(item):
        return {"courses": queries.language_courses(item, timezone.localdate())}

    return run_action(
        request, prescription_uuid, "orient_form", forms.OrientForm, _oriented, form_args
    )


def _worked(user, item, **kwargs) -> str:
    day = services.record_work_day(user=user, prescription=item, **kwargs)
    return f"Journée du {day.worked_on:%d/%m/%Y} enregistrée."


@require_POST
def work_day_add(request, prescription_uuid):
    return run_action(request, prescription_uuid, "work_day_form", forms.WorkDayForm, _worked)
