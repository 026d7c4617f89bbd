from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path, register_converter, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from hall.api import api
from hall.core.inputs import IdConverter, NumberConverter
from hall.core.login_guard import GuardedAdminLoginForm, GuardedLoginForm

# Numbers in page addresses stay within their columns (a 20-digit id was a server error).
register_converter(IdConverter, "id")
register_converter(NumberConverter, "number")

admin.site.site_header = admin.site.site_title = _("Service hall management")
admin.site.index_title = _("Configuration")
admin.site.login_form = GuardedAdminLoginForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=GuardedLoginForm
        ),
        name="login",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password-changed")),
        name="password-change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password-changed",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Browsers ask for /favicon.ico whatever the page says (a 404 in every log).
    path("favicon.ico", RedirectView.as_view(url=static("hall/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("hall.queueing.urls")),
    path("", include("hall.catalog.urls")),
    path("", include("hall.cases.urls")),
    path("", include("hall.rostering.urls")),
    path("", include("hall.attendance.urls")),
    path("", include("hall.appointments.urls")),
    path("", include("hall.reception.urls")),
    path("", include("hall.facilities.urls")),
    path("", include("hall.evaluation.urls")),
    path("", include("hall.supervision.urls")),
    path("", include("hall.planning.urls")),
    path("", include("hall.reports.urls")),
    path("", include("hall.staff.urls")),
    path("", include("hall.core.urls")),
]

handler400 = "hall.core.responses.bad_request"
handler403 = "hall.core.responses.forbidden"
handler404 = "hall.core.responses.not_found"
handler500 = "hall.core.responses.server_error"
