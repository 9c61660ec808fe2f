"""Who may see and work on an inspection: unpublished work is invisible (404) to anyone not entitled."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from openpeel.demo.factories import grade_every_area
from openpeel.inspections import access, workflow
from openpeel.inspections.models import ApiToken, Membership, Role

pytestmark = pytest.mark.django_db


def person(name, role=None, force=""):
    user = get_user_model().objects.create_user(name, password="correct horse battery")
    if role:
        Membership(user=user, role=role, force_id=force).save()
    return user


def test_roles_come_from_membership_and_everyone_else_is_public():
    assert access.role_of(person("ann", Role.INSPECTOR)) == Role.INSPECTOR
    assert access.role_of(person("bob")) == access.PUBLIC
    liaison = person("cat", Role.FORCE_LIAISON, "Cambridgeshire Constabulary")
    assert access.force_of(liaison) == "cambridgeshire"  # any known name, stored as the registry id


def test_force_staff_must_name_a_real_force_and_others_none():
    with pytest.raises(ValidationError, match="force_id"):
        person("dan", Role.PCC_OFFICE)
    with pytest.raises(ValidationError, match="Did you mean"):
        person("eve", Role.PCC_OFFICE, "Cambridgshire")
    with pytest.raises(ValidationError, match="Only force liaisons"):
        person("fay", Role.INSPECTOR, "cambridgeshire")


def test_a_draft_is_404_to_all_but_its_inspectors_and_the_moderators(inspection):
    ann, other = person("ann", Role.INSPECTOR), person("otto", Role.INSPECTOR)
    moderator, liaison = person("mo", Role.MODERATOR), person("li", Role.FORCE_LIAISON, "cambridgeshire")
    inspection.inspectors.add(ann)
    assert access.workspace_inspection(ann, inspection.pk) == inspection
    assert access.workspace_inspection(moderator, inspection.pk) == inspection
    for user in (other, liaison, person("pub")):
        with pytest.raises(Http404):
            access.workspace_inspection(user, inspection.pk)
        assert inspection not in access.visible_inspections(user)
    assert access.may_edit(ann, inspection) and not access.may_edit(moderator, inspection)
    assert access.may_move(ann, inspection, "submit") and not access.may_move(ann, inspection, "approve")


def test_the_report_becomes_public_the_moment_the_embargo_lifts(inspection):
    moderator, liaison = person("mo", Role.MODERATOR), person("li", Role.FORCE_LIAISON, "cambridgeshire")
    grade_every_area(inspection)
    now = timezone.now()
    embargo = now + dt.timedelta(hours=1)
    for to in ("in_moderation", "approved"):
        workflow.move(inspection, to, actor=moderator)
    workflow.move(inspection, "scheduled", actor=moderator, embargo_at=embargo)
    assert inspection not in access.visible_inspections(liaison, now=embargo - dt.timedelta(seconds=1))
    assert inspection in access.visible_inspections(liaison, now=embargo)
    assert access.is_public(inspection, now=embargo) and not access.is_public(inspection, now=now)


def test_a_published_inspection_is_403_not_404_on_working_pages(inspection):
    moderator, liaison = person("mo", Role.MODERATOR), person("li", Role.FORCE_LIAISON, "cambridgeshire")
    grade_every_area(inspection)
    embargo = timezone.now() + dt.timedelta(minutes=5)
    for to in ("in_moderation", "approved"):
        workflow.move(inspection, to, actor=moderator)
    workflow.move(inspection, "scheduled", actor=moderator, embargo_at=embargo)
    workflow.move(inspection, "published", actor=moderator, now=embargo)
    with pytest.raises(PermissionDenied):
        access.workspace_inspection(liaison, inspection.pk)
    with pytest.raises(Http404):
        access.workspace_inspection(liaison, inspection.pk + 1000)


def test_api_tokens_are_stored_as_hashes_and_expire():
    ann = person("ann", Role.INSPECTOR)
    token, key = ApiToken.issue(ann, "notebook")
    assert key not in token.key_hash and ApiToken.authenticate(key) == ann
    assert ApiToken.authenticate(key + "x") is None
    expired, old_key = ApiToken.issue(ann, "old", expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiToken.authenticate(old_key) is None
    ann.is_active = False
    ann.save()
    assert ApiToken.authenticate(key) is None
