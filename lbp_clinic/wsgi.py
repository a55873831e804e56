"""WSGI entry point for gunicorn: `gunicorn lbp_clinic.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbp_clinic.settings")
application = get_wsgi_application()
