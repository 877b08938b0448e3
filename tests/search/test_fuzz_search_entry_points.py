"""The search entry points fuzzed on both backends: never a server error (see tests/portal/test_fuzz_public_entry_points.py)."""
import pytest

from tests.portal.test_fuzz_public_entry_points import ENTRY_POINTS, fuzz


@pytest.mark.parametrize("name", ["search", "suggestions", "directory"])
def test_search_entry_points_never_answer_500_on_either_backend(client, search_backend, name):
    path, names = ENTRY_POINTS[name]
    fuzz(client, f"{name} ({search_backend})", path, names)
