from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.forms import LimitedAdminAuthenticationForm, LimitedAuthenticationForm

from . import views

# failed sign-ins limited on both login pages (accounts.login_limits)
admin.site.login_form = LimitedAdminAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=LimitedAuthenticationForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
    path("", include("reviewers.urls")),
    path("", include("exports.urls")),
    path("", include("publishing.urls")),
    path("", include("desk.urls")),
    path("api/", include("factcheck.api_urls")),
]

handler400 = "factcheck.views.bad_request"
handler403 = "factcheck.views.permission_denied"
handler404 = "factcheck.views.page_not_found"
handler500 = "factcheck.views.server_error"
