from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("cycles/open/", views.cycle_open_view, name="cycle_open"),
    path("cycles/<int:pk>/", views.cycle_dashboard, name="cycle"),
    path("cycles/<int:pk>/closing/", views.cycle_state, name="cycle_state"),
    path("cycles/<int:pk>/remind/<int:unit_pk>/", views.cycle_remind, name="remind"),
    path("cycles/<int:pk>/remind-all/", views.cycle_remind_all, name="remind_all"),
    path("cycles/<int:pk>/compiled/", views.cycle_compiled, name="compiled"),
    path("statistics/", views.statistics_index, name="statistics"),
    path(
        "statistics/<int:unit_pk>/<str:form>/<int:year>/<str:fmt>/",
        views.statistics_download,
        name="statistics_download",
    ),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/return/", views.report_return_view, name="return"),
    path("<int:pk>/accept/", views.report_accept_view, name="accept"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
