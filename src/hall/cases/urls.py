from django.urls import path

from hall.cases import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/new/materials/", views.case_new_materials, name="case-new-materials"),
    path("cases/overdue/", views.overdue, name="case-overdue"),
    path("cases/<str:number>/", views.case_detail, name="case-detail"),
    path("cases/<str:number>/documents/<slug:kind>/", views.case_document, name="case-document"),
    path(
        "cases/<str:number>/documents/<slug:kind>.pdf",
        views.case_document_pdf,
        name="case-document-pdf",
    ),
    path(
        "cases/<str:number>/archive/<slug:kind>.pdf",
        views.archived_document,
        name="case-archived-document",
    ),
    path("cases/<str:number>/visits/", views.case_link_visit, name="case-link-visit"),
    path(
        "cases/<str:number>/tasks/<id:task_id>/done/",
        views.case_task_done,
        name="case-task-done",
    ),
    path("cases/<str:number>/<slug:action>/", views.case_act, name="case-act"),
    path("progress/", views.progress, name="case-progress"),
]
