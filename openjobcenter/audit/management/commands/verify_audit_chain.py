"""``manage.py verify_audit_chain [--jobcenter SLUG]``: seal, then recompute every audit chain.

Exits with status 1 and names the first broken entry of each chain when anything was changed,
removed, inserted or reordered, or when the database no longer rejects changes to entries.
Entries that could not be sealed yet (a transaction that may still commit an earlier entry is
open) are reported as pending – "noch nicht versiegelt" – never as a problem.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from openjobcenter.audit import guards
from openjobcenter.audit.chain import ChainReport, seal, verify_chain
from openjobcenter.audit.models import AuditChainHead, AuditEntry
from openjobcenter.core.models import Jobcenter


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail (one per Jobcenter, one for the platform)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jobcenter", metavar="SLUG", help="Only verify this Jobcenter's chain.")
        parser.add_argument(
            "--wait",
            type=float,
            default=10.0,
            metavar="SECONDS",
            help="How long sealing may wait for open transactions that write audit entries (default 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = seal(wait=options["wait"])
        if sealed:
            self.stdout.write(f"{sealed} entries sealed before verifying.")
        reports = [verify_chain(jobcenter_id, label) for jobcenter_id, label in self._chains(options["jobcenter"])]
        for report in reports:
            self._print(report)
        problems = [f"{report.label}: {report.problems[0]}" for report in reports if not report.ok]
        if not guards.installed(connection):
            problems.append("the append-only triggers on the audit table are missing or disabled")
        if problems:
            raise CommandError("Audit trail is NOT intact:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact ({len(reports)} chains)."))

    def _chains(self, slug: str | None) -> list[tuple[int | None, str]]:
        if slug:
            jobcenter = Jobcenter.objects.filter(slug=slug).first()
            if jobcenter is None:
                raise CommandError(f"No Jobcenter with slug {slug!r}.")
            return [(jobcenter.pk, jobcenter.slug)]
        # Every chain that has a head or an entry: a chain whose head row vanished is still checked.
        ids = set(AuditChainHead.objects.values_list("jobcenter_id", flat=True))
        ids |= set(AuditEntry.all_tenants.values_list("jobcenter_id", flat=True).distinct())
        slugs = dict(Jobcenter.objects.filter(pk__in=[i for i in ids if i is not None]).values_list("pk", "slug"))
        chains: list[tuple[int | None, str]] = [(None, "platform")] if None in ids else []
        tenants = [(pk, slugs.get(pk, f"jobcenter {pk}")) for pk in ids if pk is not None]
        return chains + sorted(tenants, key=lambda chain: chain[1])

    def _print(self, report: ChainReport) -> None:
        status = self.style.SUCCESS("ok") if report.ok else self.style.ERROR("BROKEN")
        self.stdout.write(f"{report.label}: {report.checked} entries checked – {status}")
        if report.ok and report.checked:
            # Worth copying somewhere the database's administrators cannot write (see docs/audit.md).
            self.stdout.write(f"  last hash {report.last_hash}")
        if report.pending:
            self.stdout.write(
                f"  {report.pending} newer entries not sealed yet (noch nicht versiegelt): a transaction that may "
                "still write an earlier entry is open; run again later"
            )
        for problem in report.problems:
            self.stdout.write(f"  {problem}")
