from django.urls import path

from . import views_forwarding as views

urlpatterns = [
    path("upper/inbox/", views.package_inbox, name="package_inbox"),
    path("upper/sent/", views.package_sent, name="package_sent"),
    path("upper/packages/<int:pk>/", views.package_detail, name="package_detail"),
    path("upper/packages/<int:pk>/documents.zip", views.package_zip, name="package_zip"),
    path("upper/packages/<int:pk>/<slug:action>/", views.package_move, name="package_move"),
    path("rounds/<int:pk>/forward/", views.package_forward, name="package_forward"),
    path("campaigns/<int:pk>/rollup/", views.campaign_rollup, name="campaign_rollup"),
]
