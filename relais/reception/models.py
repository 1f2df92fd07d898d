"""The reception log (action sheet 2.1), interpreting (2.3) and the MDS emergency procedure (2.4)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from relais.people.models import Person
from relais.territory.models import Organisation, Site, TimeStamped

MAX_INTERPRETING_MINUTES = 600


class Channel(models.TextChoices):
    WALK_IN = "walk_in", "Sur place, sans rendez-vous"
    APPOINTMENT = "appointment", "Sur rendez-vous"
    PHONE = "phone", "Téléphone"
    EMAIL = "email", "Courriel"
    MAIL = "mail", "Courrier"
    VIDEO = "video", "Visioconférence"
    HOME_VISIT = "home_visit", "Visite à domicile"
    THIRD_PARTY = "third_party", "Par un tiers (proche, partenaire)"


class Motive(models.TextChoices):
    ACCESS_TO_RIGHTS = "access_to_rights", "Accès aux droits"
    HOUSING = "housing", "Logement"
    BUDGET = "budget", "Budget"
    EMPLOYMENT = "employment", "Emploi, insertion"
    HEALTH = "health", "Santé"
    FAMILY = "family", "Famille"
    DIGITAL_HELP = "digital_help", "Aide au numérique"
    FOOD_AID = "food_aid", "Aide alimentaire"
    URGENT_SITUATION = "urgent_situation", "Situation d'urgence"
    OTHER = "other", "Autre"


# Kept out of the shared timeline and its summaries: health is a special category of data
# (RGPD art. 9) that the partners reading the file have no need to know from a reception.
SENSITIVE_MOTIVES = frozenset({Motive.HEALTH})


class Interpreting(models.TextChoices):
    NONE = "none", "Aucun"
    PROFESSIONAL_PHONE = "professional_phone", "Interprète professionnel par téléphone"
    PROFESSIONAL_ON_SITE = "professional_on_site", "Interprète professionnel sur place"
    PROFESSIONAL_VIDEO = "professional_video", "Interprète professionnel en visioconférence"
    RELATIVE = "relative", "Un proche de la personne"


class Outcome(models.TextChoices):
    INFORMATION_GIVEN = "information_given", "Information donnée"
    ORIENTED_PARTNER = "oriented_partner", "Orientation vers un partenaire"
    APPOINTMENT_BOOKED = "appointment_booked", "Rendez-vous pris"
    URGENT_HANDLED = "urgent_handled", "Situation d'urgence traitée"


class Language(models.TextChoices):
    """Languages asked of interpreters: ISO 639-1 codes, ISO 639-3 where there is none."""

    ALBANIAN = "sq", "Albanais"
    GERMAN = "de", "Allemand"
    ENGLISH = "en", "Anglais"
    ARABIC = "ar", "Arabe"
    ARMENIAN = "hy", "Arménien"
    BENGALI = "bn", "Bengali"
    BULGARIAN = "bg", "Bulgare"
    CHINESE = "zh", "Chinois"
    DARI = "prs", "Dari"
    SPANISH = "es", "Espagnol"
    GEORGIAN = "ka", "Géorgien"
    ITALIAN = "it", "Italien"
    FRENCH_SIGN = "fsl", "Langue des signes française"
    LINGALA = "ln", "Lingala"
    PASHTO = "ps", "Pachto"
    PERSIAN = "fa", "Persan (farsi)"
    FULA = "ff", "Peul"
    POLISH = "pl", "Polonais"
    PORTUGUESE = "pt", "Portugais"
    ROMANIAN = "ro", "Roumain"
    RUSSIAN = "ru", "Russe"
    SERBO_CROATIAN = "hbs", "Serbe, croate, bosnien"
    SOMALI = "so", "Somali"
    SONINKE = "snk", "Soninké"
    TAMIL = "ta", "Tamoul"
    TIGRINYA = "ti", "Tigrigna"
    TURKISH = "tr", "Turc"
    UKRAINIAN = "uk", "Ukrainien"
    VIETNAMESE = "vi", "Vietnamien"
    WOLOF = "wo", "Wolof"
    OTHER = "other", "Autre langue"


class InterpretingMode(models.TextChoices):
    PHONE = "phone", "Par téléphone"
    ON_SITE = "on_site", "Sur place"
    VIDEO = "video", "En visioconférence"


# A professional interpreter is a paid session (sheet 2.3 counts them); a relative is not.
PROFESSIONAL_MODES = {
    Interpreting.PROFESSIONAL_PHONE: InterpretingMode.PHONE,
    Interpreting.PROFESSIONAL_ON_SITE: InterpretingMode.ON_SITE,
    Interpreting.PROFESSIONAL_VIDEO: InterpretingMode.VIDEO,
}

LANGUAGE_REQUIRED = "Indiquez la langue de l'interprétariat."
DURATION_REQUIRED = "Indiquez la durée de l'interprétariat en minutes, par exemple 15."
PARTNER_REQUIRED = "Choisissez le partenaire vers lequel la personne est orientée."


class Visit(TimeStamped):
    """One reception of a person at a site, by any channel; anonymous unless linked to a file."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name="site")
    occurred_at = models.DateTimeField("date et heure")
    channel = models.CharField("canal d'accueil", max_length=20, choices=Channel.choices)
    is_first_contact = models.BooleanField("premier contact", default=False)
    is_outside_hours = models.BooleanField("en dehors des horaires d'ouverture", default=False)
    interpreting = models.CharField(
        "interprétariat", max_length=30, choices=Interpreting.choices, default=Interpreting.NONE
    )
    interpreting_language = models.CharField(
        "langue", max_length=8, choices=Language.choices, blank=True
    )
    interpreting_duration = models.PositiveSmallIntegerField(
        "durée de l'interprétariat (minutes)",
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                MAX_INTERPRETING_MINUTES,
                f"La durée ne peut pas dépasser {MAX_INTERPRETING_MINUTES} minutes.",
            )
        ],
    )
    outcome = models.CharField("suite donnée", max_length=30, choices=Outcome.choices)
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire",
    )
    # Retention may delete a file: its visits stay in the statistics, anonymous.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="personne",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="enregistré par",
    )

    class Meta:
        verbose_name = "passage"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"], name="visit_org_time_idx"),
            models.Index(fields=["site", "occurred_at"], name="visit_site_time_idx"),
            # The département's yearly figures read only these columns (index-only on PostgreSQL).
            models.Index(
                fields=["occurred_at"],
                include=["organisation", "site", "channel", "is_first_contact", "is_outside_hours"],
                name="visit_time_cover_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="visit_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(interpreting_duration__isnull=True) | Q(interpreting_duration__gte=0),
                name="visit_interpreting_duration_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(interpreting=Interpreting.NONE) | ~Q(interpreting_language=""),
                name="visit_language_when_interpreting",
                violation_error_message=LANGUAGE_REQUIRED,
            ),
            models.CheckConstraint(
                condition=~Q(interpreting=Interpreting.NONE)
                | Q(interpreting_language="", interpreting_duration__isnull=True),
                name="visit_no_language_without_interpreting",
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.ORIENTED_PARTNER, partner__isnull=False)
                | (~Q(outcome=Outcome.ORIENTED_PARTNER) & Q(partner__isnull=True)),
                name="visit_partner_when_oriented",
                violation_error_message=PARTNER_REQUIRED,
            ),
        ]

    def __str__(self):
        return f"Passage du {self.occurred_at:%d/%m/%Y %H:%M}"

    @property
    def is_professional_interpreting(self) -> bool:
        return self.interpreting in PROFESSIONAL_MODES

    def clean(self):
        """The rules between fields, in French; what does not apply is emptied, not refused."""
        errors = {}
        if self.interpreting == Interpreting.NONE:
            self.interpreting_language = ""
            self.interpreting_duration = None
        else:
            if not self.interpreting_language:
                errors["interpreting_language"] = LANGUAGE_REQUIRED
            if self.is_professional_interpreting and self.interpreting_duration is None:
                errors["interpreting_duration"] = DURATION_REQUIRED
        if self.outcome == Outcome.ORIENTED_PARTNER:
            if self.partner_id is None:
                errors["partner"] = PARTNER_REQUIRED
        else:
            self.partner = None
        if errors:
            raise ValidationError(errors)


class VisitMotive(models.Model):
    """One motive of a visit: a visit has several, and figures count visits by motive."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="motives")
    motive = models.CharField("motif", max_length=20, choices=Motive.choices)
    # Copies of the visit's own (never edited) when, where and who: the yearly count by
    # motive then reads this table alone instead of joining a million visits.
    occurred_at = models.DateTimeField(null=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, editable=False, related_name="+"
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = "motif de passage"
        verbose_name_plural = "motifs de passage"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["motive", "visit"], name="visit_motive_idx"),
            models.Index(
                fields=["occurred_at"],
                include=["organisation", "site", "motive"],
                name="visit_motive_time_cover_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["visit", "motive"], name="visit_motive_once"),
            models.CheckConstraint(
                condition=Q(motive__in=Motive.values), name="visit_motive_valid"
            ),
        ]

    def __str__(self):
        return self.get_motive_display()

    @classmethod
    def of(cls, visit: "Visit", code: str) -> "VisitMotive":
        return cls(
            visit=visit,
            motive=code,
            occurred_at=visit.occurred_at,
            organisation_id=visit.organisation_id,
            site_id=visit.site_id,
        )


class InterpretingSession(models.Model):
    """A session with a professional interpreter (sheet 2.3: 80 to 100 a year)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="site"
    )
    # Linked to the visit or the appointment it served (a reference: agenda's data is only
    # read, never changed, from here).
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpreting_sessions",
        verbose_name="passage",
    )
    appointment = models.ForeignKey(
        "agenda.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreting_sessions",
        verbose_name="rendez-vous",
    )
    language = models.CharField("langue", max_length=8, choices=Language.choices)
    mode = models.CharField("modalité", max_length=10, choices=InterpretingMode.choices)
    provider = models.CharField("prestataire", max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)")
    occurred_at = models.DateTimeField("date et heure")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "séance d'interprétariat"
        verbose_name_plural = "séances d'interprétariat"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "occurred_at"], name="interpreting_org_time_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=0), name="interpreting_duration_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(language=""), name="interpreting_session_has_language"
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()} {self.get_mode_display().lower()}"


class EmergencyProcedureQuerySet(models.QuerySet):
    def current_for(self, organisation) -> "EmergencyProcedureVersion | None":
        return self.filter(organisation=organisation).order_by("-created_at", "-id").first()


class EmergencyProcedureVersion(models.Model):
    """One version of an MDS's emergency-reception procedure; the latest is the one in force.

    Versions are never edited: each change adds one, so who wrote what and when stays known.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.MDS},
        verbose_name="MDS",
    )
    body = models.TextField("texte (markdown)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="rédigé par",
    )
    created_at = models.DateTimeField("rédigé le", auto_now_add=True)

    objects = EmergencyProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "version de la procédure d'accueil d'urgence"
        verbose_name_plural = "versions de la procédure d'accueil d'urgence"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="procedure_org_time_idx")
        ]

    def __str__(self):
        return f"Procédure du {self.created_at:%d/%m/%Y %H:%M}"
