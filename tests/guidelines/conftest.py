"""Fixtures of the guidelines tests."""
import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_while_creating_content():
    """Content made in a test is English: a request of an earlier test leaves its language active in this thread,
    and django-modeltranslation writes `title` into the active language's column."""
    with translation.override("en"):
        yield
