"""The employer service (Arbeitgeber-Service): video interviews between employers and candidates,
wage subsidies (§§ 16e, 16i SGB II) with their rules as data, payments and coaching, the Jobcenter's
targets, the message thread per company, the contact history and notes on vacancies.

Everything is tenant-owned (``jobcenter``) and read through ``objects.for_tenant``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openjobcenter.core.models import Jobcenter, Team
from openjobcenter.core.tenancy import TenantManager

# --- Video interviews ----------------------------------------------------------------------------


class InterviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Einladung offen")
    COUNTER = "counter", _("anderer Termin vorgeschlagen")
    ACCEPTED = "accepted", _("Termin vereinbart")
    DECLINED = "declined", _("abgelehnt")
    CANCELLED = "cancelled", _("abgesagt")
    DONE = "done", _("Ergebnis erfasst")


class InterviewOutcome(models.TextChoices):
    HIRED = "hired", _("eingestellt")
    NOT_HIRED = "not_hired", _("nicht eingestellt")
    SECOND = "second", _("zweites Gespräch")


class Interview(models.Model):
    """An employer's invitation of a candidate (optionally with the advisor) to a video interview.

    The meeting on the video server is created just in time at the first join, with the same privacy
    settings as video appointments (``video`` app): no recording, the candidate waits in the lobby.
    """

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True)
    employer = models.ForeignKey("jobs.Employer", on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey("jobs.Vacancy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The team responsible for the candidate's case: its advisors may join when invited.
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invite_advisor = models.BooleanField(_("Beratung des Jobcenters einladen"), default=False)
    start = models.DateTimeField(_("Beginn"))
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer in Minuten"), default=30)
    proposed_start = models.DateTimeField(null=True, blank=True)  # the candidate's counter proposal
    message = models.TextField(_("Nachricht an die Bewerberin oder den Bewerber"), max_length=2000, blank=True)
    candidate_note = models.CharField(_("Anmerkung"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.PROPOSED)
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=InterviewOutcome.choices, blank=True)
    outcome_reason = models.CharField(_("Begründung"), max_length=1000, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    # The outcome as the job exchange's employer feedback (``jobs.CandidateFeedback``): the one record
    # the advisor sees on the matching page and in the case timeline (``services.interviews``).
    feedback = models.OneToOneField(
        "jobs.CandidateFeedback", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The meeting on the video server (created at the first join).
    provider = models.CharField(max_length=8, blank=True)
    meeting_id = models.CharField(max_length=80, unique=True)
    attendee_pw = models.CharField(max_length=40)
    moderator_pw = models.CharField(max_length=40)
    create_time = models.CharField(max_length=20, blank=True)
    employer_joined_at = models.DateTimeField(null=True, blank=True)
    candidate_joined_at = models.DateTimeField(null=True, blank=True)
    advisor_joined_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("Vorstellungsgespräch per Video")
        verbose_name_plural = _("Vorstellungsgespräche per Video")
        indexes = [
            models.Index(fields=["jobcenter", "employer", "start"], name="es_interview_employer"),
            models.Index(fields=["jobcenter", "candidate"], name="es_interview_candidate"),
        ]

    def __str__(self) -> str:
        return self.code


# --- Wage subsidies (§§ 16e, 16i SGB II) --------------------------------------------------------


class SubsidyKind(models.TextChoices):
    E16 = "16e", _("§ 16e SGB II – Eingliederung von Langzeitarbeitslosen")
    I16 = "16i", _("§ 16i SGB II – Teilhabe am Arbeitsmarkt")


class SubsidyRule(models.Model):
    """The conditions and funding of one kind of subsidy for a period: data, not code.

    ``conditions`` is a list of ``{"code": ..., "value": ..., "label": {"de": ...}}``; the codes are
    evaluated in ``services.rules`` (``unemployed_months``, ``min_age``, ``benefit_years``,
    ``min_contract_months``). ``funding_percent`` lists the share of the wage paid per year of
    employment (index 0 = year 1); ``max_months`` caps the funding.
    """

    kind = models.CharField(max_length=4, choices=SubsidyKind.choices)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(max_length=200)
    conditions = models.JSONField(default=list)
    funding_percent = models.JSONField(default=list)
    max_months = models.PositiveSmallIntegerField()
    # "wage": the agreed gross wage; "minimum_or_agreed": the minimum or collectively agreed wage
    # (§ 16i: the employer states the basis; the staff member confirms it).
    wage_basis = models.CharField(max_length=20, default="wage")
    coaching = models.BooleanField(default=True)
    # § 16i Abs. 2: the employer's flat-rate share is added "abzüglich des Beitrags zur
    # Arbeitsförderung" (§ 16i jobs pay no unemployment insurance); § 16e (via § 91 SGB III) adds it in full.
    employer_share_without_arbeitsfoerderung = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("Förderregel")
        verbose_name_plural = _("Förderregeln")

    def __str__(self) -> str:
        return f"§ {self.kind} ab {self.valid_from:%d.%m.%Y}"


class EmployerShareRate(models.Model):
    """The flat-rate employer's share of the total social-insurance contribution (pauschalierter Anteil
    des Arbeitgebers am Gesamtsozialversicherungsbeitrag) for a period: administrative data, not code.

    The subsidised wage is raised by this share before the funding rate applies: § 16e SGB II via
    § 91 Abs. 1 SGB III adds ``total_percent``; § 16i Abs. 2 SGB II adds it "abzüglich des Beitrags zur
    Arbeitsförderung", i.e. ``total_percent - arbeitsfoerderung_percent``. Which kind deducts is part of
    the law and so lives on ``SubsidyRule.employer_share_without_arbeitsfoerderung``. One row holds both
    figures of a period, so the deduction is explicit in the data and the operator records what the
    source publishes: the flat rate and the employer's contribution to Arbeitsförderung contained in it.

    The figures are set administratively and change over time; none is shipped with the software (no
    verified figure). The operator records them in the Django admin with ``source_note`` (where the
    figure comes from), which staff see next to it. Like ``SubsidyRule`` the rows are platform-wide,
    not tenant-owned: the same federal figure applies in every Jobcenter. The figure valid on the first
    day of an employment month applies to that month's instalment; a month without a figure is paid
    without the share and needs a confirmation by staff before approval (``services.rules``).
    """

    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    total_percent = models.DecimalField(
        _("Pauschalierter Arbeitgeberanteil am Gesamtsozialversicherungsbeitrag (Prozent)"),
        max_digits=5,
        decimal_places=2,
    )
    arbeitsfoerderung_percent = models.DecimalField(
        _("darin enthaltener Arbeitgeberbeitrag zur Arbeitsförderung (Prozent)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Wird bei § 16i SGB II abgezogen."),
    )
    source_note = models.CharField(
        _("Quelle"), max_length=500, help_text=_("Woher der Wert stammt, z. B. Weisung mit Datum und Fundstelle.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Pauschalierter Arbeitgeberanteil")
        verbose_name_plural = _("Pauschalierte Arbeitgeberanteile")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="es_share_period",
            ),
            models.CheckConstraint(
                condition=Q(arbeitsfoerderung_percent__gte=0)
                & Q(arbeitsfoerderung_percent__lte=models.F("total_percent"))
                & Q(total_percent__lt=100),
                name="es_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.total_percent} % ab {self.valid_from:%d.%m.%Y}"

    def clean(self) -> None:
        """Periods must not overlap: every day has at most one figure."""
        from django.core.exceptions import ValidationError

        if self.valid_from is None:
            return
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Das Ende muss nach dem Beginn liegen.")})
        known = self.total_percent is not None and self.arbeitsfoerderung_percent is not None
        if known and not 0 <= self.arbeitsfoerderung_percent <= self.total_percent < 100:
            raise ValidationError(
                {"arbeitsfoerderung_percent": _("Der Beitrag zur Arbeitsförderung ist Teil des Gesamtanteils.")}
            )
        overlapping = EmployerShareRate.objects.exclude(pk=self.pk).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from)
        )
        if self.valid_until is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_until)
        if overlapping.exists():
            raise ValidationError(_("Für einen Teil dieses Zeitraums ist schon ein Wert hinterlegt."))

    def percent_for(self, *, without_arbeitsfoerderung: bool) -> Decimal:
        """The percentage added to the wage for a subsidy of that kind."""
        if without_arbeitsfoerderung:
            return self.total_percent - self.arbeitsfoerderung_percent
        return self.total_percent


class SubsidyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    APPROVED = "approved", _("bewilligt")
    REFUSED = "refused", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class SubsidyApplication(models.Model):
    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey("jobs.Employer", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("Förderung"), max_length=4, choices=SubsidyKind.choices)
    rule = models.ForeignKey(SubsidyRule, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("Beginn des Arbeitsverhältnisses"))
    contract_end = models.DateField(_("Ende des Arbeitsvertrags"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("Wochenstunden"), max_digits=4, decimal_places=1)
    gross_wage = models.DecimalField(_("Arbeitsentgelt brutto im Monat (EUR)"), max_digits=9, decimal_places=2)
    job_title = models.CharField(_("Tätigkeit"), max_length=200)
    # The facts the conditions are checked against, as stated and then confirmed by staff.
    facts = models.JSONField(default=dict, blank=True)
    checks = models.JSONField(default=list, blank=True)  # the last evaluation, per condition
    status = models.CharField(max_length=10, choices=SubsidyStatus.choices, default=SubsidyStatus.SUBMITTED)
    decision_reason = models.CharField(_("Begründung"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Antrag auf Lohnkostenzuschuss")
        verbose_name_plural = _("Anträge auf Lohnkostenzuschuss")
        indexes = [
            models.Index(fields=["jobcenter", "status", "start_date"], name="es_subsidy_status_start"),
            models.Index(fields=["jobcenter", "person"], name="es_subsidy_person"),
        ]

    def __str__(self) -> str:
        return f"§ {self.kind} {self.job_title}"


class SubsidyPayment(models.Model):
    """One monthly instalment of an approved subsidy."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(SubsidyApplication, on_delete=models.CASCADE, related_name="payments")
    month = models.DateField()  # the first day of the month the instalment is for
    rate_percent = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=9, decimal_places=2)  # wage part plus share part
    # The flat-rate employer's share added to the wage (already net of Arbeitsförderung for § 16i),
    # or null when no figure was recorded for the month at approval: then ``share_amount`` is 0.
    share_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    share_amount = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    share_source = models.CharField(max_length=500, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["month", "pk"]
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")
        constraints = [models.UniqueConstraint(fields=["application", "month"], name="es_payment_once_per_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.amount}"

    @property
    def share_missing(self) -> bool:
        return self.share_percent is None


class CoachingStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("stattgefunden")
    MISSED = "missed", _("ausgefallen")


class CoachingSession(models.Model):
    """Ganzheitliche beschäftigungsbegleitende Betreuung (coaching) during a subsidy."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(SubsidyApplication, on_delete=models.CASCADE, related_name="coaching")
    start = models.DateTimeField(_("Termin"))
    topic = models.CharField(_("Thema"), max_length=200)
    status = models.CharField(max_length=8, choices=CoachingStatus.choices, default=CoachingStatus.PLANNED)
    note = models.CharField(_("Notiz"), max_length=1000, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("Coaching-Termin")
        verbose_name_plural = _("Coaching-Termine")

    def __str__(self) -> str:
        return self.topic


# --- Targets -------------------------------------------------------------------------------------


class Target(models.Model):
    """E.g. 400 subsidised placements (§ 16e and § 16i) from January to June."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    kinds = models.JSONField(default=list)  # ["16e", "16i"]
    count = models.PositiveIntegerField(_("Zielwert (geförderte Einstellungen)"))
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("Zielvorgabe")
        verbose_name_plural = _("Zielvorgaben")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="es_target_period")
        ]

    def __str__(self) -> str:
        return self.name


# --- Companies: messages, contact history, vacancy notes -----------------------------------------


class EmployerMessage(models.Model):
    """One message in the thread between a company and the employer service."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey("jobs.Employer", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    text = models.TextField(_("Nachricht"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht an den Arbeitgeber-Service")
        verbose_name_plural = _("Nachrichten an den Arbeitgeber-Service")

    def __str__(self) -> str:
        return self.text[:40]


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-Mail")
    VISIT = "visit", _("Besuch im Betrieb")
    OFFICE = "office", _("Gespräch im Jobcenter")
    VIDEO = "video", _("Video")
    OTHER = "other", _("anderer Weg")


class ContactNote(models.Model):
    """The contact history with a company: date, channel, note, member of staff."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey("jobs.Employer", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("Datum"))
    channel = models.CharField(_("Weg"), max_length=8, choices=ContactChannel.choices)
    note = models.TextField(_("Notiz"), max_length=2000)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("Kontakt mit einem Unternehmen")
        verbose_name_plural = _("Kontakte mit Unternehmen")

    def __str__(self) -> str:
        return f"{self.on}: {self.channel}"


class VacancyReturn(models.Model):
    """A published vacancy the employer service took back to the employer, with a note why."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey("jobs.Vacancy", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("Hinweis an das Unternehmen"), max_length=2000)
    problems = models.JSONField(default=list)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    all_tenants = models.Manager()
    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Stelle zur Überarbeitung")
        verbose_name_plural = _("Stellen zur Überarbeitung")

    def __str__(self) -> str:
        return self.note[:40]
