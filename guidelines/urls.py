"""Planner URLs, under the language prefix: /<lang>/referral/..."""
from django.urls import path

from guidelines import views

app_name = "guidelines"

urlpatterns = [
    path("", views.referral_planner, name="planner"),
    path("plan.pdf", views.referral_plan_pdf, name="planner_pdf"),
    path("checklist/", views.referral_checklist, name="checklist"),
    path("checklist.pdf", views.referral_checklist_pdf, name="checklist_pdf"),
    path("form/", views.referral_form, name="referral_form"),
]
