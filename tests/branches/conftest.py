import pytest
from django.utils import translation


@pytest.fixture
def chinese():
    """Messages built outside a request (services, commands, files) in the default language."""
    with translation.override("zh-hans"):
        yield
