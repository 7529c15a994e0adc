"""
WSGI config for kontum_it project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")

application = get_wsgi_application()

# Import the views, read the catalogues and compile the busiest templates now: in
# gunicorn's master (preload_app), before the workers are forked (kontum_it.warmup).
from kontum_it.warmup import warm_up  # noqa: E402

warm_up()
