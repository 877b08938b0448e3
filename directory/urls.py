"""Public directory URLs, under the language prefix: /<lang>/directory/..."""
from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory_list, name="list"),
    path("export.<str:fmt>", views.directory_export, name="export"),
    path("<int:pk>/", views.contact_detail, name="contact"),
    path("<int:pk>.vcf", views.contact_vcard, name="contact_vcard"),
]
