from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.endpoints import api
from awards.views_certificates import certificate_verify
from portal import views, views_signing, views_twofactor

from . import views as config_views

handler400 = "portal.views.bad_request"

urlpatterns = [
    path("", config_views.home, name="home"),
    path("ok/", views.ok, name="ok"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", views_twofactor.two_factor_settings, name="two_factor"),
    path("two-factor/setup/", views_twofactor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views_twofactor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/off/", views_twofactor.two_factor_off, name="two_factor_off"),
    path(
        "two-factor/recovery-codes/",
        views_twofactor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("files/<int:pk>/", views.generated_file_status, name="generated_file"),
    path("files/<int:pk>/sign/", views_signing.file_sign, name="file_sign"),
    path("files/<int:pk>/sign/server/", views_signing.file_sign_server, name="file_sign_server"),
    path("files/<int:pk>/sign/token/", views_signing.file_sign_prepare, name="file_sign_prepare"),
    path("signatures/<int:pk>/", views_signing.signed_file, name="signed_file"),
    path(
        "signatures/<int:pk>/<slug:part>/",
        views_signing.signed_file_download,
        name="signed_file_download",
    ),
    path("downloads/", views.download_list, name="downloads"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("units.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("research/", include("research.urls")),
    path("reports/", include("reports.urls")),
    path("awards/", include("awards.urls")),
    path("xac-thuc/<str:token>/", certificate_verify, name="certificate_verify"),
    path("cong-khai/", include("publication.urls")),
    path("account/api-tokens/", include("api.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
