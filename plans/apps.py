"""Plans of care: the therapist's builder, signing and amendments."""

import tomllib
from pathlib import Path

from django.apps import AppConfig

TEMPLATES_DIR = Path(__file__).resolve().parent / "content" / "templates"


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans of care"

    def ready(self):
        from patients.selectors import register_timeline_source
        from plans.documents.selectors import chart_events as document_events
        from plans.selectors import chart_events, chart_visit_events

        register_timeline_source(chart_events)
        register_timeline_source(chart_visit_events)
        register_timeline_source(document_events)

    def load_demo(self, clinics, users):
        """Demo plans of care with visits, re-scored outcomes and packets (see plans.demo)."""
        from plans.demo import load_demo_plans

        load_demo_plans(clinics, users)

    def load_library(self, stdout):
        """The shared starter templates (plans/content/templates/*.toml), kept in step by slug."""
        from plans.models import PlanTemplate

        created = updated = 0
        for path in sorted(TEMPLATES_DIR.glob("*.toml")):
            data = tomllib.loads(path.read_text())
            meta = {key: data.pop(key) for key in ("slug", "name", "description", "evidence")}
            template = PlanTemplate.objects.filter(clinic=None, slug=meta["slug"]).first()
            if template is None:
                PlanTemplate.objects.create(clinic=None, content=data, **meta)
                created += 1
            elif (template.name, template.description, template.evidence, template.content) != (
                meta["name"],
                meta["description"],
                meta["evidence"],
                data,
            ):
                for key, value in {**meta, "content": data}.items():
                    setattr(template, key, value)
                template.save()
                updated += 1
        stdout.write(f"Plan templates: {created} added, {updated} updated.")
