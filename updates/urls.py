"""Change feeds and digest subscriptions, under the language prefix: /<lang>/changes/..."""
from django.urls import path

from updates import views
from updates.feeds import ChangesFeed

app_name = "updates"

urlpatterns = [
    path("", views.changes, name="changes"),
    path("feed.atom", ChangesFeed(), name="feed"),
    path("<str:code>/feed.atom", ChangesFeed(), name="country_feed"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
