from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export/", views.initiative_export, name="export"),
    path("new/", views.initiative_create, name="create"),
    path("ten-percent/", views.ten_percent, name="ten_percent"),
    path("public/", views.public_list, name="public"),
    path("council/<int:campaign_pk>/", views.council_members, name="council"),
    path("council/<int:campaign_pk>/scores/", views.council_scores, name="council_scores"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/application.pdf", views.initiative_application, name="application_pdf"),
    path("<int:pk>/compare/<int:other_pk>/", views.initiative_compare, name="compare"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/score/", views.initiative_score, name="score"),
    path("<int:pk>/<slug:action>/", views.initiative_action, name="action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
