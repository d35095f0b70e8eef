from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhome import workflow


class Command(BaseCommand):
    help = (
        "Write docs/workflows.md: one Mermaid state diagram and step table per workflow, drawn from "
        "the workflow tables. With --check, write nothing and fail when the file differs from the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
        parser.add_argument(
            "--output", default=None, help=f"the file to write or check (default: {workflow.DIAGRAMS_PATH})"
        )

    def handle(self, *args, **options):
        problems = workflow.all_problems()
        if problems:
            raise CommandError("workflow declarations are wrong:\n" + "\n".join(problems))
        path = Path(options["output"] or workflow.DIAGRAMS_PATH)
        if options["check"]:
            difference = workflow.diagram_difference(path)
            if difference:
                self.stderr.write(difference)
                raise CommandError(f"{path} is out of date: run `python manage.py workflow_diagrams`")
            self.stdout.write(self.style.SUCCESS(f"{path} is up to date"))
            return
        workflows = workflow.all_workflows()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(workflow.render_document(workflows), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {len(workflows)} workflows to {path}"))
