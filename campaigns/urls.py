from django.urls import path

from . import views, views_conference

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create_view, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/edit/summary/", views.campaign_setup_summary, name="setup_summary"),
    path("<int:pk>/edit/<slug:step>/", views.campaign_setup, name="setup"),
    path("phases/<int:pk>/conference/", views_conference.conference_detail, name="conference"),
    path(
        "phases/<int:pk>/conference/delegates/",
        views_conference.delegate_add_view,
        name="conference_delegate_add",
    ),
    path(
        "phases/<int:pk>/conference/invitations.pdf",
        views_conference.conference_invitations,
        name="conference_invitations",
    ),
    path(
        "phases/<int:pk>/conference/honourees.pdf",
        views_conference.conference_honourees,
        name="conference_honourees",
    ),
    path(
        "conference/delegates/<int:pk>/confirm/",
        views_conference.delegate_confirm_view,
        name="conference_delegate_confirm",
    ),
]
