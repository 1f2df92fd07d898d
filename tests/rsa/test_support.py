"""Joint support with France Travail: start, end, and the quarterly committee list."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from relais.accounts.models import Role
from relais.audit.models import AccessRecord, ChangeRecord
from relais.people.models import Event
from relais.rsa.models import JointSupport
from relais.rsa.queries.contracts import Quarter, committee_list
from relais.rsa.services import support as services
from tests.factories import MembershipFactory
from tests.rsa.contract_helpers import agency, days_ago, make_support

TODAY = timezone.localdate


def _start(world, **overrides):
    fields = {
        "axis": 2,
        "adviser_name": "  Claire   Conseil ",
        "agency": agency(world),
        "social_worker": world.user("social_worker_a"),
        "starts_on": days_ago(3),
        **overrides,
    }
    return services.start(user=world.user("employment_agent_a"), person=world.person_a, **fields)


class TestStart:
    def test_it_starts_with_a_timeline_line_and_an_audit_entry(self, world):
        support = _start(world)
        assert (support.axis, support.adviser_name, support.ends_on) == (2, "Claire Conseil", None)
        event = Event.objects.get(person=world.person_a)
        assert event.summary == (
            "Accompagnement global démarré (Axe 2 — accompagnement global conjoint)"
        )
        assert ChangeRecord.objects.get(model="rsa.JointSupport").changes["axis"] == ["", "2"]

    def test_the_agency_is_a_france_travail_agency_of_the_departement(self, world):
        with pytest.raises(services.SupportError, match="agence France Travail"):
            _start(world, agency=world.partner)

    def test_the_social_worker_is_one_of_the_departement(self, world):
        with pytest.raises(services.SupportError, match="travailleur social"):
            _start(world, social_worker=world.user("employment_agent_a"))
        partner_worker = MembershipFactory(organisation=world.partner, role=Role.SOCIAL_WORKER).user
        with pytest.raises(services.SupportError, match="travailleur social"):
            _start(world, social_worker=partner_worker)

    def test_it_starts_today_but_not_tomorrow(self, world):
        with pytest.raises(services.SupportError, match="futur"):
            _start(world, starts_on=TODAY() + dt.timedelta(days=1))
        assert _start(world, starts_on=TODAY()).starts_on == TODAY()

    def test_one_running_support_at_a_time(self, world):
        _start(world)
        with pytest.raises(services.SupportError, match="déjà en cours"):
            _start(world)
        assert JointSupport.objects.count() == 1

    def test_the_axis_and_the_adviser_are_required(self, world):
        with pytest.raises(services.SupportError, match="axe"):
            _start(world, axis=4)
        with pytest.raises(services.SupportError, match="nom du conseiller"):
            _start(world, adviser_name="  ")


class TestEnd:
    def test_it_ends_with_an_outcome_on_the_start_day_at_the_earliest(self, world):
        support = make_support(world, starts_on=days_ago(10))
        user = world.user("social_worker_a")
        with pytest.raises(services.SupportError, match="précéder le début"):
            services.end(user=user, support=support, ends_on=days_ago(11), outcome="job")
        with pytest.raises(services.SupportError, match="résultat"):
            services.end(user=user, support=support, ends_on=days_ago(10), outcome="")
        with pytest.raises(services.SupportError, match="futur"):
            services.end(
                user=user, support=support, ends_on=TODAY() + dt.timedelta(days=1), outcome="job"
            )
        services.end(user=user, support=support, ends_on=days_ago(10), outcome="training")
        support.refresh_from_db()
        assert (support.ends_on, support.outcome) == (days_ago(10), "training")
        assert Event.objects.get(person=world.person_a).summary == (
            f"Accompagnement global terminé le {days_ago(10):%d/%m/%Y} : formation"
        )

    def test_an_ended_support_does_not_end_twice(self, world):
        support = make_support(world, ends_on=days_ago(1), outcome="job")
        with pytest.raises(services.SupportError, match="déjà terminé"):
            services.end(
                user=world.user("social_worker_a"),
                support=support,
                ends_on=TODAY(),
                outcome="other",
            )


class TestQuarter:
    def test_it_reads_and_bounds_a_quarter(self):
        quarter = Quarter.parse("2026-t3")
        assert (quarter.first_day, quarter.last_day) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
        assert Quarter.parse("2026-T4").last_day == dt.date(2026, 12, 31)
        assert (Quarter.parse("2026-T1").previous.label, Quarter.parse("2026-T4").next.label) == (
            "2025-T4",
            "2027-T1",
        )
        assert Quarter.of(dt.date(2026, 4, 1)).label == "2026-T2"

    @pytest.mark.parametrize("value", ["2026-T5", "2026-Q3", "T3-2026", ""])
    def test_it_explains_a_wrong_quarter(self, value):
        with pytest.raises(ValueError, match="écrivez-le comme 2026-T3"):
            Quarter.parse(value)


class TestCommitteeList:
    Q3 = Quarter(2026, 3)

    def test_the_supports_running_during_the_quarter_at_its_limits(self, world):
        def support(starts, ends=None, outcome=""):
            return make_support(world, starts_on=starts, ends_on=ends, outcome=outcome)

        ended_before = support(dt.date(2026, 1, 5), dt.date(2026, 6, 30), "job")
        ended_first_day = support(dt.date(2026, 1, 5), dt.date(2026, 7, 1), "training")
        starts_last_day = support(dt.date(2026, 9, 30))
        starts_after = support(dt.date(2026, 10, 1))
        running = support(dt.date(2025, 3, 1))
        listing = committee_list(world.user("manager_a"), self.Q3)
        assert set(listing.supports) == {ended_first_day, starts_last_day, running}
        assert ended_before not in listing.supports and starts_after not in listing.supports

    def test_counts_by_axis_and_by_outcome(self, world):
        make_support(world, starts_on=dt.date(2026, 7, 2), axis=1)
        make_support(
            world, starts_on=dt.date(2026, 5, 2), axis=2, ends_on=dt.date(2026, 8, 1), outcome="job"
        )
        make_support(
            world,
            starts_on=dt.date(2026, 5, 2),
            axis=2,
            ends_on=dt.date(2026, 10, 3),
            outcome="dropped",
        )
        listing = committee_list(world.user("manager_a"), self.Q3)
        assert [count for _, count in listing.by_axis] == [1, 2, 0]
        outcomes = dict(listing.by_outcome)
        assert outcomes["Emploi"] == 1
        assert outcomes["Abandon"] == 0  # ended after the quarter: still running at its end
        assert outcomes["En cours à la fin du trimestre"] == 2

    def test_only_the_persons_the_user_may_see(self, world):
        make_support(world, world.person_b, starts_on=dt.date(2026, 7, 2))
        assert committee_list(world.user("manager_a"), self.Q3).supports == []
        assert len(committee_list(world.user("manager_b"), self.Q3).supports) == 1


class TestCommitteePage:
    def url(self, **query):
        base = reverse("rsa:joint_supports")
        return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def test_it_shows_the_quarter_asked(self, world, as_user):
        make_support(world, starts_on=dt.date(2026, 8, 3))
        html = (
            as_user(world.user("social_worker_a"))
            .get(self.url(trimestre="2026-T3"))
            .content.decode()
        )
        assert "Accompagnement global : 01/07/2026 au 30/09/2026" in html
        assert "DUPONT François" in html
        assert html.count("<h1") == 1

    def test_a_wrong_quarter_is_explained(self, world, as_user):
        response = as_user(world.user("social_worker_a")).get(self.url(trimestre="2026-T9"))
        assert response.status_code == 200
        assert "Trimestre « 2026-T9 » invalide" in response.content.decode()

    def test_the_xlsx_export_lists_the_supports_and_is_traced(self, world, as_user):
        make_support(
            world, starts_on=dt.date(2026, 8, 3), ends_on=dt.date(2026, 9, 1), outcome="job"
        )
        response = as_user(world.user("manager_a")).get(
            self.url(trimestre="2026-T3", format="xlsx")
        )
        assert response["Content-Disposition"] == (
            'attachment; filename="accompagnement-global-2026-T3.xlsx"'
        )
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["Accompagnements"].values)
        assert rows[1] == (
            "DUPONT",
            "François",
            2,
            "Claire Conseil",
            "France Travail Montauban",
            world.user("social_worker_a").get_full_name(),
            "03/08/2026",
            "01/09/2026",
            "Emploi",
        )
        assert AccessRecord.objects.get(person=world.person_a).action == "export"


class TestPages:
    def test_starting_a_support_from_the_page(self, world, as_user):
        ft = agency(world)
        url = reverse("rsa:joint_support_create", kwargs={"uuid": world.person_a.uuid})
        response = as_user(world.user("social_worker_a")).post(
            url,
            {
                "axis": "3",
                "adviser_name": "Paul Conseil",
                "agency": ft.pk,
                "social_worker": world.user("social_worker_a").pk,
                "starts_on": f"{TODAY():%d/%m/%Y}",
            },
        )
        assert response.status_code == 302
        assert JointSupport.objects.get().axis == 3

    def test_ending_a_support_from_the_page(self, world, as_user):
        support = make_support(world)
        url = reverse("rsa:joint_support_end", kwargs={"support_uuid": support.uuid})
        client = as_user(world.user("social_worker_a"))
        response = client.post(url, {"ends_on": f"{TODAY():%d/%m/%Y}"})
        assert "Choisissez le résultat" in response.content.decode()
        client.post(url, {"ends_on": f"{TODAY():%d/%m/%Y}", "outcome": "social_track"})
        support.refresh_from_db()
        assert support.outcome == "social_track"
        assert client.get(url)["Location"] == reverse(
            "rsa:pathway", kwargs={"uuid": world.person_a.uuid}
        )
