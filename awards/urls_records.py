from django.urls import path

from . import views_records

urlpatterns = [
    path(
        "records/person/<int:pk>/new/",
        views_records.record_create_person,
        name="record_create_person",
    ),
    path("records/unit/<int:pk>/new/", views_records.record_create_unit, name="record_create_unit"),
    path("records/<int:pk>/edit/", views_records.record_update, name="record_update"),
    path("records/import/", views_records.records_import, name="records_import"),
]
