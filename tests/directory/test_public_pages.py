import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from relais.directory import queries
from relais.territory.models import Organisation, Site
from tests.factories import DepartementFactory, OrganisationFactory, SiteFactory


def page_url(site, language=None):
    url = reverse("directory:site", kwargs={"site_slug": site.public_slug})
    return f"{url}?lang={language}" if language else url


def body(response) -> str:
    return html.unescape(response.content.decode())


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", body(response)).group(0)


def test_it_shows_address_hours_services_and_documents_to_an_anonymous_visitor(client, mds_site):
    response = client.get(page_url(mds_site))

    assert response.status_code == 200
    text = body(response)
    assert "Maison Départementale des Solidarités" in text
    assert "Site de Moissac" in text
    assert "21 quai des Pêcheurs" in text and "82200 Moissac" in text
    assert "05 63 91 01 11" in text and 'href="tel:+33563910111"' in text
    assert "accueil.moissac@demo.invalid" in text
    assert "Lundi" in text and "08:30" in text and "12:00" in text
    assert "13:30" in text and "17:00" in text  # Tuesday afternoon
    assert 'Samedi</th><td class="govuk-table__cell">Fermé' in text
    assert "Aide aux démarches en ligne" in text
    assert "Pièce d'identité ou titre de séjour" in text
    assert "Justificatif de domicile de moins de 3 mois" in text  # the usual spelling
    assert "Formation de l'équipe" in text  # the closure ten days ahead
    assert "Premier accueil" in text


def test_it_sets_no_cookie_so_a_printed_link_opens_the_same_for_everyone(client, mds_site):
    response = client.get(page_url(mds_site, "es"))

    assert response.cookies == {}
    assert response["Content-Language"] == "es"


def test_it_heads_a_partner_s_page_with_the_partner_s_name(client, partner_site):
    text = body(client.get(page_url(partner_site)))

    assert "CCAS de Lauzerte" in text
    assert "Maison Départementale des Solidarités" not in text


@pytest.mark.parametrize(
    ("language", "lang", "direction", "fixed_texts"),
    [
        (None, "fr", "ltr", ["Jours et horaires d'ouverture", "Documents à apporter", "lundi"]),
        ("en", "en", "ltr", ["Opening days and hours", "Documents to bring", "Monday"]),
        ("es", "es", "ltr", ["Días y horario de apertura", "Documentos que debe traer", "lunes"]),
        ("ar", "ar", "rtl", ["أيام ومواعيد العمل", "الوثائق المطلوب إحضارها", "الاثنين"]),
    ],
)
def test_it_renders_each_language_with_its_translated_fixed_texts(
    client, mds_site, language, lang, direction, fixed_texts
):
    response = client.get(page_url(mds_site, language))

    assert response.status_code == 200
    assert f'lang="{lang}"' in html_tag(response)
    assert f'dir="{direction}"' in html_tag(response)
    text = body(response)
    for fixed_text in fixed_texts:
        assert fixed_text.lower() in text.lower()
    if lang != "fr":
        assert "Jours et horaires d'ouverture" not in text


def test_it_translates_usual_items_and_marks_the_others_as_french(client, mds_site):
    text = body(client.get(page_url(mds_site, "en")))

    assert "Help with online procedures" in text
    assert "Identity document or residence permit" in text
    assert "Proof of address less than 3 months old" in text
    assert "Staff training" in text  # the closure's reason
    assert '<span lang="fr" dir="ltr">Atelier cuisine du jeudi</span>' in text
    assert "French, Arabic" in text  # languages spoken at reception


def test_it_falls_back_to_french_for_a_language_it_does_not_speak(client, mds_site):
    response = client.get(page_url(mds_site, "de"))

    assert response.status_code == 200
    assert 'lang="fr"' in html_tag(response)
    assert "Jours et horaires d'ouverture" in body(response)


def test_it_offers_every_language_and_keeps_it_in_links(client, mds_site):
    text = body(client.get(page_url(mds_site, "ar")))

    for code, name in [("en", "English"), ("es", "Español")]:
        assert (
            f'href="{page_url(mds_site)}?lang={code}" hreflang="{code}" lang="{code}">{name}'
            in text
        )
    assert f'href="{page_url(mds_site)}" hreflang="fr" lang="fr">Français' in text
    assert 'aria-current="true">العربية' in text
    leaflet = reverse("directory:leaflet", kwargs={"site_slug": mds_site.public_slug})
    assert f'href="{leaflet}?lang=ar"' in text


@pytest.mark.parametrize(
    "unpublish",
    [
        pytest.param({"is_public": False}, id="not-public"),
        pytest.param({"is_active": False}, id="inactive"),
    ],
)
def test_it_answers_404_for_a_site_that_is_not_published(client, mds_site, unpublish):
    Site.objects.filter(pk=mds_site.pk).update(**unpublish)

    response = client.get(page_url(mds_site))

    assert response.status_code == 404
    assert "Lieu introuvable" in body(response)
    assert "Site de Moissac" not in body(response)


def test_it_answers_the_same_404_for_a_slug_that_does_not_exist(client, db):
    response = client.get(reverse("directory:site", kwargs={"site_slug": "nulle-part"}))

    assert response.status_code == 404
    assert "Lieu introuvable" in body(response)


def test_it_never_publishes_an_employer_s_site(client, db):
    site = SiteFactory(
        organisation=OrganisationFactory(kind=Organisation.Kind.EMPLOYER), name="Boulangerie"
    )

    assert client.get(page_url(site)).status_code == 404
    assert "Boulangerie" not in body(client.get(reverse("directory:sites")))


def test_it_does_not_publish_the_sites_of_another_departement(client, db):
    other = DepartementFactory(code="31", name="Haute-Garonne")
    site = SiteFactory(organisation=OrganisationFactory(departement=other), name="Site toulousain")

    assert client.get(page_url(site)).status_code == 404


def test_the_list_shows_the_published_sites_and_flags_the_first_reception_network(
    client, mds_site, partner_site, django_assert_num_queries
):
    hidden = SiteFactory(organisation=mds_site.organisation, name="Antenne fermée", is_public=False)
    plain = SiteFactory(name="Site sans premier accueil")

    with django_assert_num_queries(1):
        response = client.get(reverse("directory:sites"))

    text = body(response)
    assert response.status_code == 200
    assert page_url(mds_site) in text and page_url(partner_site) in text
    assert page_url(plain) in text
    assert hidden.name not in text
    rows = re.findall(r'<tr class="govuk-table__row">.*?</tr>', text, re.S)
    flagged = {
        name
        for name in ["Site de Moissac", "CCAS de Lauzerte", plain.name]
        for row in rows
        if name in row and "Premier accueil" in row
    }
    assert flagged == {"Site de Moissac", "CCAS de Lauzerte"}
    # The MDS first, then the partners.
    assert text.index("Site de Moissac") < text.index("CCAS de Lauzerte")


def test_the_list_keeps_the_language_in_its_links(client, mds_site):
    text = body(client.get(reverse("directory:sites"), {"lang": "es"}))

    assert "¿Dónde pedir ayuda?" in text
    assert f'href="{page_url(mds_site)}?lang=es"' in text


def test_the_site_page_runs_three_queries(client, mds_site, django_assert_num_queries):
    with django_assert_num_queries(3):  # the site, its hours, its coming closures
        client.get(page_url(mds_site))


# The closures and holidays shown: `today` is a parameter, no clock is frozen.


def notices(site, today, language="fr"):
    site = queries.public_site(site.public_slug, today=today)
    with translation.override(language):
        info = queries.site_information(site, today=today, language=language)
    return [(notice.start, notice.reason.text, notice.is_holiday) for notice in info.closures]


def test_it_announces_14_july_and_15_august_in_the_next_60_days(mds_site):
    found = notices(mds_site, dt.date(2025, 7, 1))

    assert (dt.date(2025, 7, 14), "Fête nationale", True) in found
    assert (dt.date(2025, 8, 15), "Assomption", True) in found
    assert not any(day == dt.date(2025, 11, 1) for day, _, _ in found)  # beyond 60 days


def test_it_names_christmas_in_the_reader_s_language(mds_site):
    found = notices(mds_site, dt.date(2025, 12, 1), language="es")

    assert (dt.date(2025, 12, 25), "Navidad", True) in found


def test_the_public_page_shows_the_holidays_of_its_own_60_days(client, mds_site):
    # The same query as above, through the page: whatever today is, the next public holiday
    # within 60 days is shown (France has no 60-day gap without one but in summer: then the
    # list simply has none).
    today = timezone.localdate()
    expected = queries.public_holidays(today, today + dt.timedelta(days=60))
    text = body(client.get(page_url(mds_site)))

    for _day, name in expected:
        assert name in text
    assert "jour férié" in text or not expected


def test_it_leaves_out_whit_monday_where_the_departement_works_it(mds_site, settings):
    today = dt.date(2025, 6, 1)  # Whit Monday 2025: 9 June
    assert (dt.date(2025, 6, 9), "Lundi de Pentecôte", True) in notices(mds_site, today)

    settings.RELAIS_WHIT_MONDAY_OFF = False

    assert not any(day == dt.date(2025, 6, 9) for day, _, _ in notices(mds_site, today))


def test_it_announces_a_closure_in_progress_but_not_a_past_or_distant_one(mds_site):
    today = dt.date(2030, 3, 10)
    mds_site.closures.all().delete()
    mds_site.closures.create(
        start_date=dt.date(2030, 3, 8), end_date=dt.date(2030, 3, 12), reason="Travaux"
    )
    mds_site.closures.create(
        start_date=dt.date(2030, 3, 1), end_date=dt.date(2030, 3, 9), reason="Passée"
    )
    mds_site.closures.create(
        start_date=dt.date(2030, 6, 1), end_date=dt.date(2030, 6, 2), reason="Lointaine"
    )

    reasons = [reason for _, reason, holiday in notices(mds_site, today) if not holiday]

    assert reasons == ["Travaux"]


# The public address.


def test_it_makes_a_short_unique_slug_from_the_name(db):
    first = SiteFactory(name="Maison Départementale des Solidarités — site de Lavit (démo)")
    second = SiteFactory(name="Maison départementale des solidarités : site de Lavit (démo)")

    assert first.public_slug == "mds-site-de-lavit-demo"
    assert second.public_slug == "mds-site-de-lavit-demo-2"


def test_it_keeps_a_slug_chosen_by_hand_and_fills_it_on_a_partial_save(db):
    site = SiteFactory(name="Site A", public_slug="accueil-centre")
    assert site.public_slug == "accueil-centre"

    Site.objects.filter(pk=site.pk).update(public_slug="")
    site.public_slug = ""
    site.name = "Nouveau nom"
    site.save(update_fields=["name"])

    site.refresh_from_db()
    assert site.public_slug == "nouveau-nom"


def test_the_admin_edits_the_public_information_and_links_to_the_public_page(
    admin_client, mds_site
):
    response = admin_client.get(reverse("admin:territory_site_change", args=[mds_site.pk]))

    text = body(response)
    assert response.status_code == 200
    for field in ("services", "documents_to_bring", "public_slug", "is_public"):
        assert f'name="{field}"' in text
    assert "Page publique et dépliant" in text
    assert f'href="{page_url(mds_site)}"' in text  # the admin's "view on site"
