"""Build the demo: 11 Trøndelag networks, 39 owners, counts, UH partners, a scheme year and one
user per role. Runs through the services users use; running it twice changes nothing.

``--stage STAGE`` then takes the demo year's networks through the services to that stage; from
``vedtak`` on every vedtak is made with both its letters (the vedtaksbrev and the copy to UH),
and Ytre Namdal, which has sent nothing, is refused (its refusal made with its letters too).
"""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from grants.models import SchemeYear, Settlement
from networks.demo import DEMO_PASSWORD, DEMO_USERS, seed_organisations, seed_users
from networks.models import User
from reporting.repayment import repayment_letter_make
from reporting.services import decision_letters_make
from workflow import demo
from workflow.services import scheme_year_open

DEMO_YEAR = 2027


class Command(BaseCommand):
    help = "Legger inn demodata for de 11 nettverkene i Trøndelag og én demobruker per rolle."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=DEMO_YEAR, help="Tilskuddsåret for demoen.")
        parser.add_argument(
            "--stage",
            choices=demo.STAGES,
            help="Ta demoårets nettverk gjennom tjenestene til dette steget.",
        )

    @transaction.atomic
    def handle(self, *args, year: int, stage: str | None = None, **options):
        networks = seed_organisations(year=year)
        seed_users()
        if not SchemeYear.objects.filter(year=year).exists():
            scheme_year_open(
                actor=User.objects.get(username="statsforvalter"),
                year=year,
                total_amount=12_000_000,
                joint_percent=Decimal(15),
                base_grant=300_000,
            )
        demo.payout_settings_ensure(
            actor=User.objects.get(username="statsforvalter"),
            scheme_year=SchemeYear.objects.get(year=year),
        )
        self.stdout.write(
            f"Demodata klar: {len(networks)} nettverk, tilskuddsår {year}. "
            f"Demobrukere ({', '.join(u.username for u in DEMO_USERS)}) har passordet "
            f"«{DEMO_PASSWORD}»."
        )
        if stage:
            users = {u.username: User.objects.get(username=u.username) for u in DEMO_USERS}
            cases = demo.walk(
                scheme_year=SchemeYear.objects.get(year=year),
                stage=stage,
                users=users,
                on_decided=lambda decision: decision_letters_make(decision_id=decision.pk),
            )
            # The repayment claims' letters, like the vedtak's, exist when the command is done.
            for claim in Settlement.objects.filter(
                scheme_year__year=year, kind=Settlement.Kind.REPAYMENT, letter_sha256=""
            ):
                repayment_letter_make(settlement_id=claim.pk)
            states: dict[str, int] = {}
            for case in cases:
                states[case.get_state_display()] = states.get(case.get_state_display(), 0) + 1
            summary = ", ".join(f"{label}: {count}" for label, count in states.items())
            self.stdout.write(f"Demoåret {year} er tatt til steget «{stage}» ({summary}).")
            if SchemeYear.objects.get(year=year).is_closed:
                self.stdout.write(f"Tilskuddsåret {year} er avsluttet.")
