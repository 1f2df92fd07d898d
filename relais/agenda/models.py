"""Shared agendas: recurring openings, materialised slots, appointments and their statuses."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from relais.people.models import Person
from relais.territory.models import Departement, OpeningHours, Organisation, Site, TimeStamped


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "Sur place"
    PHONE = "phone", "Par téléphone"
    VIDEO = "video", "En visio"
    HOME_VISIT = "home_visit", "À domicile"


class Modes(models.Model):
    """The four ways to meet, as booleans: portable and indexable on SQLite and PostgreSQL."""

    in_person = models.BooleanField("sur place", default=True)
    phone = models.BooleanField("par téléphone", default=False)
    video = models.BooleanField("en visio", default=False)
    home_visit = models.BooleanField("à domicile", default=False)

    class Meta:
        abstract = True

    def mode_values(self) -> list[str]:
        return [mode.value for mode in Mode if getattr(self, mode.value)]


class Motive(models.Model):
    """Why a person comes: the département's own list (orientation RSA, accès aux droits…)."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField("code", max_length=40)
    label = models.CharField("libellé", max_length=120)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "motif de rendez-vous"
        verbose_name_plural = "motifs de rendez-vous"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "code"], name="motive_unique_code")
        ]

    def __str__(self):
        return self.label


class Agenda(TimeStamped):
    """The agenda of a professional, or of a room or resource, at a site."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="agendas")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="agendas")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agendas",
        verbose_name="professionnel",
    )
    name = models.CharField(
        "nom", max_length=150, help_text="Par exemple : Salle 2, ou le nom de l'agent."
    )
    profession = models.CharField(
        "métier",
        max_length=60,
        blank=True,
        help_text="Par exemple : Assistant·e de service social.",
    )
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "agenda"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Opening(Modes):
    """A recurring opening: every <weekday> from <start> to <end>, in slots of <n> minutes."""

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="openings")
    # The same days as a site's opening hours.
    weekday = models.PositiveSmallIntegerField("jour", choices=OpeningHours.Weekday.choices)
    start_time = models.TimeField("de")
    end_time = models.TimeField("à")
    slot_minutes = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=30)
    motives = models.ManyToManyField(
        Motive, related_name="openings", verbose_name="motifs acceptés"
    )
    valid_from = models.DateField("à partir du")
    valid_until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "plage d'ouverture"
        verbose_name_plural = "plages d'ouverture"
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="opening_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=480),
                name="opening_slot_length",
            ),
            models.CheckConstraint(
                condition=Q(in_person=True) | Q(phone=True) | Q(video=True) | Q(home_visit=True),
                name="opening_has_a_mode",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Absence(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="absences")
    start = models.DateTimeField("du")
    end = models.DateTimeField("au")
    reason = models.CharField("motif", max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "absence"
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="absence_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.start:%d/%m/%Y %H:%M} – {self.end:%d/%m/%Y %H:%M}"


class Slot(Modes):
    """A bookable time, materialised from the openings over a rolling horizon.

    "Next free slot" is then an indexed query instead of expanding recurrences at read time.
    """

    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="slots")
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    is_booked = models.BooleanField("réservé", default=False)

    class Meta:
        verbose_name = "créneau"
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["agenda", "start"], name="slot_unique_start")
        ]
        indexes = [
            models.Index(fields=["is_booked", "start"], name="slot_free_start_idx"),
            models.Index(fields=["agenda", "start"], name="slot_agenda_start_idx"),
        ]

    def __str__(self):
        return f"{self.agenda} {self.start:%d/%m/%Y %H:%M}"


class CollectiveSession(TimeStamped):
    """An information meeting: several persons, one time, a capacity."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    motive = models.ForeignKey(Motive, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("intitulé", max_length=150)
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    capacity = models.PositiveSmallIntegerField("places")

    class Meta:
        verbose_name = "réunion collective"
        verbose_name_plural = "réunions collectives"
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="session_end_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.title} — {self.start:%d/%m/%Y %H:%M}"


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from relais.agenda.policy import visible_appointments

        return visible_appointments(self, user)


class Appointment(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", "Prévu"
        SEEN = "seen", "Honoré"
        NO_SHOW = "no_show", "Absent·e sans prévenir"
        EXCUSED = "excused", "Excusé·e"
        CANCELLED = "cancelled", "Annulé"

    # The one map of allowed moves. A held, missed or excused appointment is history.
    TRANSITIONS = {
        Status.PLANNED: {Status.SEEN, Status.NO_SHOW, Status.EXCUSED, Status.CANCELLED},
        Status.SEEN: set(),
        Status.NO_SHOW: set(),
        Status.EXCUSED: set(),
        Status.CANCELLED: set(),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    motive = models.ForeignKey(Motive, on_delete=models.PROTECT, related_name="+")
    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    collective_session = models.ForeignKey(
        CollectiveSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    mode = models.CharField("modalité", max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    requested_at = models.DateField(
        "demandé le", help_text="Le jour où la personne a demandé ce rendez-vous."
    )
    interpreter_language = models.CharField(
        "interprète nécessaire (langue)", max_length=40, blank=True
    )
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_at = models.DateTimeField("statut changé le", null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["start"]
        constraints = [
            # The last guard against double booking, whatever the code path.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(slot__isnull=False) & ~Q(status="cancelled"),
                name="appointment_one_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appointment_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "start"], name="appointment_org_start_idx"),
            models.Index(fields=["person", "status"], name="appointment_person_status_idx"),
            # The delay figures read only these columns (index-only scans on PostgreSQL).
            models.Index(
                fields=["start"],
                include=["organisation", "site", "status", "requested_at"],
                name="appointment_start_cover_idx",
            ),
            models.Index(
                fields=["requested_at"],
                include=["organisation", "site", "status", "start"],
                name="appointment_request_cover_idx",
            ),
        ]

    def __str__(self):
        return f"{self.motive} — {self.start:%d/%m/%Y %H:%M}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class Reminder(models.Model):
    """One row per reminder sent for an appointment (the message itself is a Notification)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    notification = models.OneToOneField(
        "core.Notification", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Rappel {self.notification.get_channel_display()} — {self.appointment}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """An agent's personal iCalendar feed: a secret URL, revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "flux iCalendar"
        verbose_name_plural = "flux iCalendar"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed_per_user"
            )
        ]

    def __str__(self):
        return f"Flux de {self.user}"
