"""Imports confirmed in the admin run in the task worker: the editor follows them on a page that reports progress."""
import pytest
from django_tasks_db.models import DBTaskResult

from directory.importing.jobs import import_progress, run_contact_import
from directory.models import Contact, ContactImport, ContactImportStatus
from tests.directory.test_import import csv_file, row, upload
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> int:
    """What `manage.py db_worker` does with each queued import (the command itself would close the test's connection)."""
    queued = list(DBTaskResult.objects.filter(task_path="directory.importing.jobs.run_contact_import"))
    for result in queued:
        run_contact_import.call(**result.args_kwargs["kwargs"])
    return len(queued)


def confirm(client, django_capture_on_commit_callbacks, *rows):
    response = upload(client, csv_file(*rows))
    assert response.context["token"], "the preview offers the confirmation"
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/admin/directory/import/confirm/", {"token": response.context["token"]})


def test_a_confirmed_import_is_handed_to_the_worker_and_the_editor_follows_it(client, editor, settings,
                                                                              django_capture_on_commit_callbacks):
    settings.TASKS = QUEUE
    client.force_login(editor("lt"))
    response = confirm(client, django_capture_on_commit_callbacks,
                       row(external_id="JOB-1"), row(external_id="JOB-2", email="job2@example.org"))
    job = ContactImport.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/directory/import/{job.pk}/"
    assert job.status == ContactImportStatus.QUEUED and job.rows == 2
    assert not Contact.objects.filter(external_id__in=["JOB-1", "JOB-2"]).exists(), "nothing written in the request"

    waiting = client.get(response.url).content.decode()
    assert "Rows waiting for the task worker: 2." in waiting
    assert 'http-equiv="refresh"' in waiting, "the page updates itself while the import waits"

    assert run_worker() == 1

    job.refresh_from_db()
    assert job.status == ContactImportStatus.DONE and (job.created, job.updated) == (2, 0)
    assert bytes(job.content) == b"", "the file is not kept once applied"
    assert Contact.objects.filter(external_id__in=["JOB-1", "JOB-2"]).count() == 2
    assert import_progress(job.pk) == {"phase": "writing", "done": 2, "total": 2}
    done = client.get(response.url).content.decode()
    assert "Import applied: 2 created, 0 updated, 0 unchanged." in done
    assert 'http-equiv="refresh"' not in done


def test_data_changed_before_the_worker_ran_writes_nothing_and_says_so(client, editor, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.TASKS = QUEUE
    client.force_login(editor("lt"))
    response = confirm(client, django_capture_on_commit_callbacks,
                       row(external_id="JOB-3"), row(external_id="JOB-4", email="job4@example.org"))
    # Meanwhile another editor gives a Latvian contact the external ID the file would create in Lithuania.
    ContactFactory(country=country("LV"), external_id="JOB-4")

    assert run_worker() == 1

    job = ContactImport.objects.get()
    assert job.status == ContactImportStatus.FAILED
    assert not Contact.objects.filter(external_id="JOB-3").exists(), "all or nothing"
    assert "nothing was written" in client.get(response.url).content.decode()


def test_an_import_is_followed_only_by_the_editor_who_started_it(client, editor, settings,
                                                                django_capture_on_commit_callbacks):
    settings.TASKS = QUEUE
    client.force_login(editor("lt"))
    response = confirm(client, django_capture_on_commit_callbacks, row(external_id="JOB-5"))
    client.force_login(editor("pl"))
    assert client.get(response.url).status_code == 404
