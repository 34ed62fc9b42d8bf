from django.urls import path

from . import views

# Under the account menu; the API itself is mounted at /api/ (config/urls.py).
urlpatterns = [
    path("", views.token_list, name="api_tokens"),
    path("<int:pk>/revoke/", views.token_revoke_view, name="api_token_revoke"),
]
