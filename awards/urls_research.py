from django.urls import path

from . import views_research as views

urlpatterns: list = [
    path("research/", views.research_list, name="research_list"),
    path("research/new/", views.research_create, name="research_create"),
    path("research/<int:pk>/", views.research_detail, name="research_detail"),
    path("research/<int:pk>/edit/", views.research_edit, name="research_edit"),
    path("rounds/<int:pk>/dossier/", views.dossier_status, name="dossier"),
    path("rounds/<int:pk>/dossier/request/", views.dossier_request_view, name="dossier_request"),
    path(
        "rounds/<int:pk>/dossier/<int:letter>/<slug:part>.docx",
        views.dossier_docx,
        name="dossier_docx",
    ),
]
