from django.urls import path

from . import views, views_certificates

urlpatterns = [
    path("", views.round_list, name="list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/finalise/", views.round_finalise, name="round_finalise"),
    path("rounds/<int:pk>/comments/open/", views.round_comments_open, name="round_comments_open"),
    path("rounds/<int:pk>/decision/", views.round_decision, name="round_decision"),
    path(
        "rounds/<int:pk>/certificates/",
        views_certificates.decision_certificates_issue,
        name="decision_certificates_issue",
    ),
    path(
        "rounds/<int:pk>/certificates.pdf",
        views_certificates.decision_certificates,
        name="decision_certificates",
    ),
    path("rounds/<int:pk>/signers/", views.round_signers, name="round_signers"),
    path("rounds/<int:round_pk>/propose/", views.proposal_create, name="proposal_create"),
    path("rounds/<int:round_pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "proposals/<int:pk>/certificate/",
        views_certificates.proposal_certificate_issue,
        name="proposal_certificate_issue",
    ),
    path(
        "proposals/<int:pk>/certificate.pdf",
        views_certificates.proposal_certificate,
        name="proposal_certificate",
    ),
    path("proposals/<int:pk>/edit/", views.proposal_update, name="proposal_update"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="proposal_confirm"),
    path("proposals/<int:pk>/check/", views.proposal_check, name="proposal_check"),
    path("proposals/<int:pk>/return/", views.proposal_return, name="proposal_return"),
    path("proposals/<int:pk>/approve/", views.proposal_approve, name="proposal_approve"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/decision/", views.proposal_decision, name="proposal_decision"),
    path(
        "proposals/<int:pk>/criteria/<int:criterion_pk>/",
        views.criterion_confirm,
        name="criterion_confirm",
    ),
    path(
        "proposals/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("people/<int:pk>/", views.history_person, name="history_person"),
    path("units/<int:pk>/", views.history_unit, name="history_unit"),
]
