import pytest

from tests.hardship.factories import campaign_for


@pytest.fixture
def campaign(world):
    return campaign_for(world.district)
