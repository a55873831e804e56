"""WSGI entry point for gunicorn: `gunicorn lbp_clinic.wsgi`.

Before the first request, every view module is imported, every template compiled and the
document renderer prepared (fonts, parsed print stylesheets) (`warm_up`): otherwise each
new worker's first requests pay for it (imports such as WeasyPrint and a hundred template
compilations, most of a second on a small machine), which shows as a burst of slow answers
after every deploy or worker restart, and each worker grows by what it loads. With
gunicorn's --preload this happens once in the master and the workers share it.
"""

import logging
import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbp_clinic.settings")
application = get_wsgi_application()

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Import every view (through the URLconf), prepare the document renderer and compile
    every template; no database use. Returns how many templates were compiled."""
    from django.template import TemplateSyntaxError, engines
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver

    from education.documents import PRINT_STYLESHEETS
    from lbp_clinic import documents
    from plans.documents.kinds import FILES

    get_resolver().url_patterns  # noqa: B018 (importing the URLconf imports every view)
    documents.warm_up(
        {*PRINT_STYLESHEETS, *(path for _template, sheets in FILES.values() for path in sheets)}
    )
    compiled = 0
    for engine in engines.all():
        folders = [Path(folder) for folder in engine.engine.dirs]
        if engine.engine.app_dirs:
            folders += [Path(folder) for folder in get_app_template_dirs("templates")]
        for folder in folders:
            for path in sorted(folder.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                    compiled += 1
                except TemplateSyntaxError:
                    logger.exception("Template %s does not compile", path)
    return compiled


warm_up()
