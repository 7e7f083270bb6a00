"""Settings of the fees app, read at call time so tests can override them. Every figure here is marked
UNCONFIRMED in ../shared/domain/rules-fees-periods-case-numbers.md §1 and defaults to the documented value.

FEES_DIVORCE_BASE_FEN            离婚案件每件 (FM 13(2)1: 50–300 yuan)        default 5000 (50 yuan)   UNCONFIRMED
FEES_PERSONALITY_BASE_FEN        人格权案件每件 (FM 13(2)2: 100–500 yuan)     default 10000            UNCONFIRMED
FEES_NON_PROPERTY_BASE_FEN       其他非财产案件每件 (FM 13(2)3: 50–100 yuan)  default 5000             UNCONFIRMED
FEES_IP_BASE_FEN                 知识产权无争议金额每件 (FM 13(3): 500–1000)   default 50000            UNCONFIRMED
FEES_JURISDICTION_OBJECTION_FEN  管辖权异议不成立每件 (FM 13(6): 50–100)       default 5000             UNCONFIRMED
FEES_EXECUTION_NO_AMOUNT_FEN     无执行金额每件 (FM 14(1): 50–500)             default 5000             UNCONFIRMED
FEES_SMALL_CLAIMS_FACTOR         小额诉讼收费比例 ("1/2" = FM 16 halving)        default "1/2"            UNCONFIRMED
FEES_ROUND_TO_YUAN               round the final fee to the yuan, not the fen    default False            UNCONFIRMED
FEES_WITHDRAWAL_WAIVER_ON_APPLICATION  plan measure 35: a withdrawing plaintiff's application to waive the
                                 acceptance fee is granted; False = the statute's halving only (FM 15)  default True
FEES_HALVING_REFUND_DAYS         days after closing to refund the halved part on mediation/withdrawal (FM 53:
                                 within 15 days of the document taking effect)                          default 15
"""

from fractions import Fraction

from django.conf import settings

from yingshang.fees.domain import LocalFees

_DEFAULTS = LocalFees()


def local_fees() -> LocalFees:
    """The provincial figures and court practices for the calculator, from settings (see module docstring)."""
    return LocalFees(
        divorce_base_fen=getattr(settings, "FEES_DIVORCE_BASE_FEN", _DEFAULTS.divorce_base_fen),
        personality_base_fen=getattr(settings, "FEES_PERSONALITY_BASE_FEN", _DEFAULTS.personality_base_fen),
        non_property_base_fen=getattr(settings, "FEES_NON_PROPERTY_BASE_FEN", _DEFAULTS.non_property_base_fen),
        ip_base_fen=getattr(settings, "FEES_IP_BASE_FEN", _DEFAULTS.ip_base_fen),
        jurisdiction_objection_fen=getattr(settings, "FEES_JURISDICTION_OBJECTION_FEN",
                                           _DEFAULTS.jurisdiction_objection_fen),
        execution_no_amount_fen=getattr(settings, "FEES_EXECUTION_NO_AMOUNT_FEN", _DEFAULTS.execution_no_amount_fen),
        small_claims_factor=Fraction(str(getattr(settings, "FEES_SMALL_CLAIMS_FACTOR", "1/2"))),
        round_to_yuan=bool(getattr(settings, "FEES_ROUND_TO_YUAN", _DEFAULTS.round_to_yuan)),
    )


def withdrawal_waiver_on_application() -> bool:
    return bool(getattr(settings, "FEES_WITHDRAWAL_WAIVER_ON_APPLICATION", True))


def halving_refund_days() -> int:
    return int(getattr(settings, "FEES_HALVING_REFUND_DAYS", 15))
