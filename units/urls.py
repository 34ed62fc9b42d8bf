from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("new/", views.unit_create, name="create"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/signers/", views.signer_list, name="signers"),
    path("signers/<int:pk>/remove/", views.signer_deactivate, name="signer_remove"),
    path("pick/", views.unit_pick, name="pick"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_pk>/account/", views.account_create, name="account_create"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/password/", views.account_password, name="account_password"),
    path("accounts/<int:pk>/deactivate/", views.account_deactivate, name="account_deactivate"),
    path("accounts/<int:pk>/roles/", views.role_add, name="role_add"),
    path("roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path("import/units/", views.import_units, name="import_units"),
    path("import/people/", views.import_people, name="import_people"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/units/template.xlsx", views.template_units, name="template_units"),
    path("import/people/template.xlsx", views.template_people, name="template_people"),
    path("export/units/", views.export_units, name="export_units"),
    path("export/people/", views.export_people, name="export_people"),
]
