"""The territory: the département (tenant root), its communes, EPCI, organisations and sites."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.text import slugify


class TimeStamped(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class Departement(TimeStamped):
    code = models.CharField("code", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(TimeStamped):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="epcis")
    siren = models.CharField("SIREN", max_length=9, unique=True)
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type", max_length=10, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(TimeStamped):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    postcodes = models.CharField(
        "codes postaux", max_length=60, help_text="Séparés par des virgules."
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    latitude = models.DecimalField("latitude du centroïde", max_digits=8, decimal_places=5)
    longitude = models.DecimalField("longitude du centroïde", max_digits=8, decimal_places=5)
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.main_postcode})"

    @property
    def main_postcode(self) -> str:
        return self.postcodes.split(",")[0]


class Organisation(TimeStamped):
    class Kind(models.TextChoices):
        DEPARTEMENT_SERVICE = "departement_service", "Service du Département"
        MDS = "mds", "Maison départementale des solidarités"
        FRANCE_TRAVAIL = "france_travail", "Agence France Travail"
        CAF = "caf", "Caisse d'allocations familiales"
        MISSION_LOCALE = "mission_locale", "Mission locale"
        CAP_EMPLOI = "cap_emploi", "Cap emploi"
        CCAS = "ccas", "CCAS / CIAS"
        ASSOCIATION = "association", "Association"
        TRAINING_BODY = "training_body", "Organisme de formation"
        IAE = "iae", "Structure de l'insertion par l'activité économique"
        EMPLOYER = "employer", "Employeur"
        OTHER = "other", "Autre partenaire"

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("nom court", max_length=50, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    website = models.URLField("site internet", blank=True)
    is_first_reception = models.BooleanField(
        "premier accueil social inconditionnel (PASIP)", default=False
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "name"], name="organisation_unique_name_per_departement"
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_departement(self) -> bool:
        """The département's own services (MDS included) hold the pathway files."""
        return self.kind in {self.Kind.MDS, self.Kind.DEPARTEMENT_SERVICE}


class Site(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField("nom", max_length=200)
    address = models.CharField("adresse", max_length=250)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sites")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    accessibility = models.TextField("accessibilité", blank=True)
    languages = models.CharField(
        "langues parlées à l'accueil",
        max_length=200,
        blank=True,
        help_text="Séparées par des virgules.",
    )
    is_first_reception = models.BooleanField("premier accueil social inconditionnel", default=False)
    is_active = models.BooleanField("actif", default=True)
    # The public page and the leaflet (action sheets 2.1 to 2.3): what the site does and what
    # to bring, one item per line so that standard items can be shown translated.
    services = models.TextField("services proposés", blank=True, help_text="Un service par ligne.")
    documents_to_bring = models.TextField(
        "documents à apporter", blank=True, help_text="Un document par ligne."
    )
    public_slug = models.SlugField(
        "adresse de la page publique",
        max_length=80,
        unique=True,
        blank=True,
        help_text=(
            "Fin de l'adresse /sites/…/, calculée depuis le nom du site si elle est vide. "
            "La changer rend caducs les dépliants déjà imprimés (leur code QR y mène)."
        ),
    )
    is_public = models.BooleanField(
        "publié",
        default=True,
        help_text="Page publique et dépliant ; les sites d'employeurs ne sont jamais publiés.",
    )

    class Meta:
        verbose_name = "site"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.public_slug:
            self.public_slug = self._free_public_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "public_slug"}
        super().save(*args, **kwargs)

    def _free_public_slug(self) -> str:
        base = public_slug_base(self.name)
        taken = set(
            Site.objects.exclude(pk=self.pk)
            .filter(public_slug__startswith=base)
            .values_list("public_slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def is_open_on(self, day: dt.date) -> bool:
        if self.closures.filter(start_date__lte=day, end_date__gte=day).exists():
            return False
        return self.opening_hours.filter(weekday=day.weekday()).exists()


def public_slug_base(name: str) -> str:
    """A short slug from a site's name: "Maison Départementale des Solidarités — site de X" →
    "mds-site-de-x", since the address is printed on leaflets and typed by hand."""
    slug = slugify(name).replace("maison-departementale-des-solidarites", "mds")
    return slug[:70].rstrip("-") or "site"


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "lundi"
        TUESDAY = 1, "mardi"
        WEDNESDAY = 2, "mercredi"
        THURSDAY = 3, "jeudi"
        FRIDAY = 4, "vendredi"
        SATURDAY = 5, "samedi"
        SUNDAY = 6, "dimanche"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    opens_at = models.TimeField("ouverture")
    closes_at = models.TimeField("fermeture")

    class Meta:
        verbose_name = "plage d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="opening_hours_closes_after"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Closure(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField("du")
    end_date = models.DateField("au")
    reason = models.CharField("motif", max_length=200)

    class Meta:
        verbose_name = "fermeture exceptionnelle"
        verbose_name_plural = "fermetures exceptionnelles"
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="closure_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y} : {self.reason}"


class Sector(TimeStamped):
    """The communes one organisation (or one of its sites) covers: the base of need-to-know."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sectors")
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="sectors"
    )
    name = models.CharField("nom", max_length=150)
    communes = models.ManyToManyField(Commune, related_name="sectors", verbose_name="communes")

    class Meta:
        verbose_name = "secteur"
        ordering = ["name"]

    def __str__(self):
        return self.name
