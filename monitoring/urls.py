"""Monitoring URLs, under the language prefix: /<lang>/monitoring/..."""
from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.monitoring_overview, name="overview"),
    path("export.<str:fmt>", views.monitoring_export, name="export"),
]
