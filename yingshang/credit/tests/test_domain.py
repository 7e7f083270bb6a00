from datetime import date

import pytest

from yingshang.core.errors import DomainError
from yingshang.credit import domain
from yingshang.credit.choices import DeletionGround, ListingGround


def facts(**kw):
    base = dict(ground=ListingGround.EVASION, decided_on=date(2024, 2, 29))
    return domain.ListingFacts(**{**base, **kw})


def test_fixed_term_two_years_plus_aggravation():
    assert domain.check_listing(facts()) == domain.ListingTerms(True, 2, date(2026, 2, 28), date(2024, 2, 29))
    assert domain.check_listing(facts(extra_years=3)).ends_on == date(2029, 2, 28)
    with pytest.raises(DomainError) as refused:
        domain.check_listing(facts(extra_years=4))
    assert refused.value.code == "CREDIT_TERM_INVALID"


def test_ground_one_has_no_term_and_cannot_be_aggravated():
    terms = domain.check_listing(facts(ground=ListingGround.ABLE_BUT_REFUSES))
    assert (terms.has_fixed_term, terms.term_years, terms.ends_on) == (False, None, None)
    with pytest.raises(DomainError):
        domain.check_listing(facts(ground=ListingGround.ABLE_BUT_REFUSES, extra_years=1))


def test_grace_period_moves_publication():
    assert domain.check_listing(facts(grace_months=3)).publish_on == date(2024, 5, 29)
    assert domain.check_listing(facts(decided_on=date(2024, 11, 30), grace_months=3)).publish_on == date(2025, 2, 28)
    with pytest.raises(DomainError) as refused:
        domain.check_listing(facts(grace_months=4))
    assert refused.value.code == "CREDIT_GRACE_INVALID"


def test_minors_are_never_listed():
    with pytest.raises(DomainError) as refused:
        domain.check_listing(facts(debtor_birth_date=date(2006, 3, 1), decided_on=date(2024, 2, 29)))
    assert refused.value.code == "CREDIT_MINOR_NOT_LISTABLE"
    # the eighteenth birthday is the first day of adulthood
    assert domain.check_listing(facts(debtor_birth_date=date(2006, 2, 28), decided_on=date(2024, 2, 28)))


@pytest.mark.parametrize("flag", ["security_provided", "seized_property_sufficient", "ranks_later"])
def test_secured_debtors_are_not_listed_on_ground_one(flag):
    with pytest.raises(DomainError) as refused:
        domain.check_listing(facts(ground=ListingGround.ABLE_BUT_REFUSES, **{flag: True}))
    assert refused.value.code == "CREDIT_DEBTOR_SECURED"
    # the same facts do not bar the other grounds
    assert domain.check_listing(facts(ground=ListingGround.EVASION, **{flag: True})).term_years == 2


def test_deletion_grounds_fit_the_kind_of_listing():
    domain.check_deletion_ground(DeletionGround.CREDITOR_REQUEST, has_fixed_term=False)
    domain.check_deletion_ground(DeletionGround.TERM_EXPIRED, has_fixed_term=True)
    with pytest.raises(DomainError):
        domain.check_deletion_ground(DeletionGround.CREDITOR_REQUEST, has_fixed_term=True)
    with pytest.raises(DomainError):
        domain.check_deletion_ground(DeletionGround.TERM_EXPIRED, has_fixed_term=False)


def test_reapply_bar_and_review_deadline():
    assert domain.reapply_allowed_from(date(2024, 8, 31)) == date(2025, 2, 28)
    assert domain.correction_review_due(date(2024, 9, 20)) == date(2024, 10, 5)


def test_masking_and_communities():
    assert domain.mask_id_number("422826196304040031") == "4228**********0031"
    assert domain.mask_phone("13800138000") == "138****8000"
    assert domain.community_of("湖北省恩施州咸丰县高乐山镇白岩村3组") == "湖北省恩施州咸丰县高乐山镇"
    assert domain.community_of("") == "未知社区"


def test_repair_candidates_need_a_reason():
    base = domain.RepairFacts(is_enterprise=True, paid_ratio=0.0, has_active_instalments=False,
                              instalments_on_schedule=True, in_reorganisation_or_settlement=False, months_listed=3)
    assert domain.repair_candidate_reasons(base) == []
    assert domain.repair_candidate_reasons(base.__class__(**{**base.__dict__, "paid_ratio": 0.6})) == ["已履行60%"]
    assert domain.repair_candidate_reasons(base.__class__(**{**base.__dict__, "has_active_instalments": True})) == \
        ["正在按期履行分期履行计划"]
    assert domain.repair_candidate_reasons(base.__class__(**{**base.__dict__, "is_enterprise": False,
                                                             "paid_ratio": 1.0})) == []
