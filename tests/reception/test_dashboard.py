import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.urls import reverse
from openpyxl import load_workbook

from relais.agenda.models import Appointment

PARIS = ZoneInfo("Europe/Paris")


def held(world, motive, organisation, delay, status="seen"):
    start = dt.datetime(2027, 3, 10, 10, tzinfo=PARIS)
    return Appointment.objects.create(
        person=world.person_a,
        motive=motive,
        organisation=organisation,
        site=organisation.sites.first(),
        start=start,
        end=start + dt.timedelta(minutes=30),
        requested_at=start.date() - dt.timedelta(days=delay),
        status=status,
    )


PERIOD = {"start": "01/01/2027", "end": "31/12/2027"}


def test_a_manager_sees_the_figures_of_their_own_mds_only(world, motive, as_user):
    for delay in (4, 6, 8):
        held(world, motive, world.mds_a, delay)
    held(world, motive, world.mds_b, 100)
    client = as_user(world.user("manager_a"))
    response = client.get(reverse("dashboard"), PERIOD)
    assert response.status_code == 200
    rows = {r["indicator"].code: r["value"] for r in response.context["rows"]}
    assert rows["agenda.delay"] == {"count": 3, "median": 6, "p90": 8}
    assert "Définition" in response.content.decode()


def test_steering_sees_the_departement_and_can_narrow_to_an_mds(world, motive, as_user):
    held(world, motive, world.mds_a, 4)
    held(world, motive, world.mds_b, 100)
    client = as_user(world.user("steering"))
    everything = client.get(reverse("dashboard"), PERIOD)
    rows = {r["indicator"].code: r["value"] for r in everything.context["rows"]}
    assert rows["agenda.delay"]["count"] == 2
    narrowed = client.get(reverse("dashboard"), {**PERIOD, "organisation": world.mds_b.pk})
    rows = {r["indicator"].code: r["value"] for r in narrowed.context["rows"]}
    assert rows["agenda.delay"] == {"count": 1, "median": 100, "p90": 100}


def test_a_manager_cannot_widen_the_scope_to_another_mds(world, motive, as_user):
    held(world, motive, world.mds_b, 100)
    client = as_user(world.user("manager_a"))
    site_b = world.mds_b.sites.first()
    response = client.get(reverse("dashboard"), {**PERIOD, "site": site_b.pk})
    rows = {r["indicator"].code: r["value"] for r in response.context["rows"]}
    assert rows["agenda.delay"]["count"] == 0


def test_the_xlsx_export_holds_the_same_figures_with_their_definitions(world, motive, as_user):
    for delay in (4, 6, 8):
        held(world, motive, world.mds_a, delay)
    held(world, motive, world.mds_a, 1, status="no_show")
    client = as_user(world.user("manager_a"))
    response = client.get(reverse("dashboard"), {**PERIOD, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Délai entre la demande et le rendez-vous honoré — médiane (jours)"] == 6
    assert values["Taux d'absence aux rendez-vous"] == 0.25
    definitions = [row[3] for row in sheet.iter_rows(values_only=True) if row and len(row) > 3]
    assert any(d and "honorés + absents + excusés" in d for d in definitions)
