from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("phong-trao/<int:pk>/", views.campaign, name="campaign"),
    path("lay-y-kien/<int:pk>/", views.round_list, name="round"),
    path("xac-thuc/", views.verify, name="verify"),
    path("y-kien/dot/<int:pk>/", views.comments, name="comments"),
    path("y-kien/<int:pk>/xu-ly/", views.comment_respond, name="comment_respond"),
]
