"""Project wiring (settings, URLs, Celery, WSGI).

The Celery app is loaded by ``FactcheckConfig.ready`` (``factcheck/apps.py``) rather than here, so
that importing a plain module under this package (``factcheck.errors``, which the Django-free
extraction package shares) does not pull in Celery and Django's settings.
"""
