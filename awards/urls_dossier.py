from django.urls import path

from . import views_dossier as views

urlpatterns: list = [
    path("rounds/<int:pk>/dossier/", views.dossier_status, name="dossier"),
    path("rounds/<int:pk>/dossier/request/", views.dossier_request_view, name="dossier_request"),
    path("rounds/<int:pk>/documents/<slug:part>/", views.round_document, name="round_document"),
    path(
        "rounds/<int:pk>/dossier/<int:letter>/<slug:part>.docx",
        views.dossier_docx,
        name="dossier_docx",
    ),
]
