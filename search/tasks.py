"""Tasks of the search app (django-tasks: immediate in development and tests, the database queue in production)."""
from django_tasks import task


@task()
def apply_pending_updates() -> dict:
    from search import indexing

    applied, pending = indexing.apply_pending_updates()
    return {"applied": applied, "pending": pending}
