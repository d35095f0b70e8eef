"""gunicorn settings: the Dockerfile and docker-compose.yml start gunicorn with this file.

GUNICORN_BIND and GUNICORN_WORKERS override the address and the number of worker processes.
"""

import os

wsgi_app = "unionhome.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))

# Request lines up to gunicorn's largest limit (8190 bytes; its default is 4094), so that Django
# answers an address longer than settings.UNIONHOME_MAX_URL_CHARS (4096) itself, with the site's
# Chinese 414 page (unionhome.middleware.RequestLimitsMiddleware). A request line of more than
# 8190 bytes, which gunicorn refuses before Django sees it, gets the same page from the worker class
# (unionhome/gunicorn_worker.py) instead of gunicorn's bare English one.
limit_request_line = 8190
worker_class = "unionhome.gunicorn_worker.SyncWorker"
