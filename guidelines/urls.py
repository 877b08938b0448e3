"""Planner URLs, under the language prefix: /<lang>/referral/..."""
from django.urls import path

from guidelines import views

app_name = "guidelines"

urlpatterns = [
    path("", views.referral_planner, name="planner"),
    path("plan.pdf", views.referral_plan_pdf, name="planner_pdf"),
]
