"""The FARE82 menu entry leads each role to its page; partners and reception have none."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("employment_agent_a", "aid:list"),
        ("manager_a", "aid:list"),
        ("steering", "aid:budget"),
        ("operator", None),
        ("reception_a", None),
    ],
)
def test_the_menu_entry(world, as_user, persona, target):
    page = as_user(world.user(persona)).get(reverse("home")).content.decode()
    entry = '">FARE82</a>'
    if target is None:
        assert entry not in page
    else:
        assert f'href="{reverse(target)}"' in page and entry in page


def test_the_secretariat_lands_on_its_queue(world, fund, secretary, as_user):
    page = as_user(secretary).get(reverse("home")).content.decode()
    assert f'href="{reverse("aid:queue")}"' in page
    assert f'href="{reverse("aid:budget")}"' not in page  # on the queue page, not in the menu
