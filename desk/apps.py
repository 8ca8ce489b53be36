from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' dashboard: desk figures computed by a periodic task into a summary table.

    Above claims and reviewers in the layering: it reads their models; nothing imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"
