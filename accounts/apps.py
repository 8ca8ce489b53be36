from django.apps import AppConfig, apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles_after_migrate

        # After the LAST app's migrations: by then every app's permissions exist (auth creates them
        # app by app in its own post_migrate receiver, which runs before this one). Refreshing on
        # accounts' own signal missed the permissions of apps listed after it (desk.view_dashboard).
        post_migrate.connect(ensure_roles_after_migrate, sender=list(apps.get_app_configs())[-1],
                             dispatch_uid="accounts.ensure_roles")
