# Production image: gunicorn on :8000. The same image runs the Celery worker
# and beat (see docker-compose.yml).
#
#   docker build -t unionhome .
#   docker run -e DJANGO_SECRET_KEY=... -e DATABASE_URL=... -p 8000:8000 unionhome
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# Pango/HarfBuzz/fontconfig for WeasyPrint, Noto CJK so Chinese text renders
# in PDFs, HanaMin (fonts-hanazono) for the rare characters of CJK Extension B
# that Noto lacks, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libffi8 \
        fonts-noto-cjk \
        fonts-hanazono \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 unionhome \
    && useradd --system --uid 10001 --gid unionhome --home-dir /app \
        --no-create-home --shell /usr/sbin/nologin unionhome

WORKDIR /app

# Dependencies first (from pyproject.toml), so that code changes do not
# reinstall them on every build.
COPY pyproject.toml /app/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the project itself; the code is run from /app (PYTHONPATH below), so
# drop the setuptools build leftovers.
COPY . /app
RUN pip install . \
    && rm -rf /app/build /app/*.egg-info

# Settings for build-time management commands only (not kept in the image).
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only python manage.py compilemessages \
    && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /data/media \
    && chown -R unionhome:unionhome /data

# Production mode by default: DJANGO_SECRET_KEY must be given at run time.
ENV PYTHONPATH=/app \
    DJANGO_DEBUG=0 \
    MEDIA_ROOT=/data/media

USER unionhome
EXPOSE 8000

# Address, workers and request limits: gunicorn.conf.py.
CMD ["gunicorn", "--config", "/app/gunicorn.conf.py"]
