"""Fixtures of the directory's export tests."""
import pytest

from portal.models import PortalSettings


@pytest.fixture
def generous_export_rate(settings):
    """The export rate limit is per client address, and every test client shares one address."""
    settings.DIRECTORY_EXPORT_RATE = "1000/m"


@pytest.fixture
def bsr():
    return PortalSettings.objects.select_related("site").get(site__hostname="bsr.localhost")
