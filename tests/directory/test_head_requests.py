"""HEAD on every download answers as GET does, without a body (link checkers and proxies call a 405 broken)."""
import pytest

from tests.conftest import HOSTS
from tests.factories import ContactFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_export_rate")]

PLAN = "/en/referral/plan.pdf?from=ES&to=AL&sop=4&child=1"


@pytest.fixture
def downloads():
    contact = ContactFactory()
    return {
        "bsr": [f"/en/directory/{contact.pk}.vcf", "/en/directory/export.csv", "/en/directory/export.xlsx",
                "/en/directory/export.vcf", "/en/directory/export.pdf", f"/en/directory/{contact.pk}/", "/en/directory/",
                "/sitemap.xml", "/robots.txt"],
        "tact": [PLAN],
    }


def test_head_on_every_download_answers_like_get_without_a_body(client, downloads):
    for tenant, paths in downloads.items():
        for path in paths:
            get = client.get(path, HTTP_HOST=HOSTS[tenant])
            head = client.head(path, HTTP_HOST=HOSTS[tenant])
            assert get.status_code == 200, path
            assert head.status_code == 200, path
            assert head.content == b"", path
            assert head["Content-Type"] == get["Content-Type"], path
            assert head.get("Content-Disposition") == get.get("Content-Disposition"), path


def test_other_methods_are_still_refused(client, downloads):
    path = downloads["bsr"][0]
    assert client.post(path, HTTP_HOST=HOSTS["bsr"]).status_code == 405
