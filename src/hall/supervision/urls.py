from django.urls import path

from hall.supervision import views

urlpatterns = [
    path("supervision/<slug:hall>/", views.inspection_list, name="inspections"),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/",
        views.inspection_detail,
        name="inspection",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/finish/",
        views.inspection_finish,
        name="inspection-finish",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/report/",
        views.inspection_report,
        name="inspection-report",
    ),
    path(
        "supervision/<slug:hall>/inspections/<id:inspection_id>/report.pdf",
        views.inspection_pdf,
        name="inspection-pdf",
    ),
    path("supervision/<slug:hall>/findings/", views.finding_list, name="findings"),
    path(
        "supervision/<slug:hall>/findings/<id:finding_id>/<slug:step>/",
        views.finding_step,
        name="finding-step",
    ),
    path(
        "supervision/<slug:hall>/photos/<id:photo_id>/",
        views.finding_photo,
        name="finding-photo",
    ),
]
