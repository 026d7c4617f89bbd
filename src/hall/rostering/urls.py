from django.urls import path

from hall.rostering import views

urlpatterns = [
    path("rosters/", views.roster_list, name="roster-list"),
    path(
        "rosters/changes/<id:change_id>/<slug:decision>/",
        views.roster_change_decide,
        name="roster-change-decide",
    ),
    path("rosters/<slug:department>/<str:month>/", views.roster_month, name="roster-month"),
    path("rosters/<slug:department>/<str:month>.xlsx", views.roster_excel, name="roster-excel"),
    path("rosters/<slug:department>/<str:month>/cell/", views.roster_cell, name="roster-cell"),
    path(
        "rosters/<slug:department>/<str:month>/<slug:action>/", views.roster_act, name="roster-act"
    ),
]
