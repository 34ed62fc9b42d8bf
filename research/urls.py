from django.urls import path

from . import views

app_name = "research"
urlpatterns: list = [
    path("", views.research_list, name="list"),
    path("new/", views.research_create, name="create"),
    path("<int:pk>/", views.research_detail, name="detail"),
    path("<int:pk>/edit/", views.research_edit, name="edit"),
]
