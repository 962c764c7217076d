"""The Django admin stays for installation administrators: staff only, history on registers."""

import pytest
from django.contrib import admin
from django.urls import reverse

from utblick.factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_every_admin_changelist_opens_for_a_superuser(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_register_history_is_visible_in_the_admin(client, world):
    membership = MembershipFactory(municipality=world.home, unit=world.board)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:registers_networkmembership_history", args=[membership.pk])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_admin_is_closed_to_municipal_users(client, world):
    client.force_login(world.alice)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
