"""`mukti tracing`: the tracing app's work from the command line.

    mukti tracing train [--as EMAIL]   train a new match model from every report, every
                                       case's survivor and the reviews so far; it becomes
                                       the model in use
    mukti tracing match --as EMAIL     match all open cases and reports of that reviewer's
                                       offices, into the review queue
    mukti tracing models               list the trained models, newest (in use) first

Both runs print progress (numbers and steps, never a name) and run here, not as a job.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mukti.accounts.models import User
from mukti.tracing import matches
from mukti.tracing.models import JobKind, JobStatus, MatchModelVersion, TracingJob
from mukti.tracing.services import review_office_ids


class Command(BaseCommand):
    help = "Train a match model, run batch matching, list the models."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser("train", help="Train and save a new match model.")
        train.add_argument("--as", dest="email", default="", help="Recorded as the trainer.")
        match = actions.add_parser("match", help="Match all open cases and reports.")
        match.add_argument("--as", dest="email", required=True, help="A reviewer's email.")
        actions.add_parser("models", help="List the trained models.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            self._train(options["email"])
        elif action == "match":
            self._match(options["email"])
        else:
            self._models()

    def _user(self, email: str) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError("No active user signs in with that email.")
        return user

    def _train(self, email: str) -> None:
        saved = matches.train_new_model(
            actor=self._user(email), progress=lambda step: self.stderr.write(step)
        )
        self.stdout.write(
            f"Model {saved.version} trained on {saved.records} records with {saved.labels} "
            "reviews; it is now the one in use."
        )

    def _match(self, email: str) -> None:
        user = self._user(email)
        offices = review_office_ids(user)
        if not offices:
            raise CommandError("That user does not review matches in any office.")
        job = TracingJob.objects.create(
            kind=JobKind.BATCH_MATCH,
            status=JobStatus.RUNNING,
            office_ids=offices,
            created_by=user,
            updated_by=user,
        )

        def progress(fraction: float, message: str) -> None:
            self.stderr.write(f"{100 * fraction:5.1f}% {message}")

        result = matches.run_batch_matching(job, progress=progress)
        TracingJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, progress=1.0, result=result
        )
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in result.items()))

    def _models(self) -> None:
        for model in MatchModelVersion.objects.select_related("created_by"):
            who = model.created_by or "-"
            self.stdout.write(
                f"{model.version}  {model.created_at:%Y-%m-%d %H:%M}  {who}  "
                f"records {model.records}  reviews {model.labels}"
            )
        self.stdout.write("default (shipped with the engine) — used until a model is trained")
