import pytest
from django.contrib.auth.models import AnonymousUser

from units.permissions import (
    ENTRY_ROLES,
    READ_REPORT_ROLES,
    REVIEW_ROLES,
    can_enter_data,
    can_enter_for_unit,
    can_export_briefing,
    can_manage_periods,
    can_read_unit_reports,
    can_review,
    can_review_unit,
    can_view_dashboards,
    is_admin,
    unit_ids_in_scope,
)

pytestmark = pytest.mark.django_db


def codes(world, ids):
    return {u.code for u in vars(world.units).values() if u.id in ids}


def test_officer_scope_is_the_own_unit_only(world):
    assert codes(world, unit_ids_in_scope(world.officer, ENTRY_ROLES)) == {"D1"}
    assert unit_ids_in_scope(world.officer, REVIEW_ROLES) == set()


def test_subtree_membership_covers_the_communes(world):
    assert codes(world, unit_ids_in_scope(world.district_officer, ENTRY_ROLES)) == {"H1", "C1", "C2"}


def test_reviewer_scope_mixes_single_units_and_subtrees(world):
    assert codes(world, unit_ids_in_scope(world.reviewer, REVIEW_ROLES)) == {"D1", "H1", "C1", "C2"}
    assert unit_ids_in_scope(world.reviewer, ENTRY_ROLES) == set()


def test_committee_reads_but_enters_and_reviews_nothing(world):
    c1 = world.units.c1.id
    assert can_read_unit_reports(world.committee, c1)
    assert not can_enter_for_unit(world.committee, c1) and not can_review_unit(world.committee, c1)
    assert not can_enter_data(world.committee) and not can_review(world.committee)
    assert can_view_dashboards(world.committee) and can_export_briefing(world.committee)


def test_admin_reaches_every_unit_and_manages_periods(world):
    assert codes(world, unit_ids_in_scope(world.admin, ENTRY_ROLES)) == {"KT", "D1", "D2", "H1", "H2", "C1", "C2", "C3"}
    assert is_admin(world.admin) and can_manage_periods(world.admin)
    assert can_enter_data(world.admin) and can_review(world.admin)


def test_nobody_else_manages_periods(world):
    for user in (world.officer, world.district_officer, world.reviewer, world.committee, world.outsider):
        assert not can_manage_periods(user)


def test_user_without_membership_and_anonymous_get_nothing(world):
    assert unit_ids_in_scope(world.outsider, READ_REPORT_ROLES) == set()
    assert not can_view_dashboards(world.outsider)
    assert unit_ids_in_scope(AnonymousUser(), READ_REPORT_ROLES) == set()
    assert not can_enter_data(AnonymousUser())


def test_scope_questions_cost_one_membership_query_per_request(world, django_assert_num_queries):
    user = world.district_officer
    with django_assert_num_queries(2):  # memberships, then the unit tree for the subtree
        unit_ids_in_scope(user, ENTRY_ROLES)
    with django_assert_num_queries(0):
        unit_ids_in_scope(user, ENTRY_ROLES)
        can_enter_data(user)
        can_view_dashboards(user)
        can_enter_for_unit(user, world.units.c1.id)


def test_returned_scope_is_a_copy(world):
    unit_ids_in_scope(world.officer, ENTRY_ROLES).add(world.units.d2.id)
    assert not can_enter_for_unit(world.officer, world.units.d2.id)
