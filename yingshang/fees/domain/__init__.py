"""Pure rules for litigation fees (诉讼费用交纳办法, "FM"): the calculator (calculator.py) and the sharing at
closing (sharing.py). No ORM, no settings, no clock. Import from here."""

from yingshang.fees.domain.calculator import (  # noqa: F401
    BANKRUPTCY_CAP_FEN, BASIS, LOCAL_RANGES, PRESERVATION_CAP_FEN, FeeQuote, LocalFees,
    acceptance_fee, arbitration_review_fee, bankruptcy_fee, check_local_fees, execution_fee, fee_quote,
    jurisdiction_objection_fee, payment_order_fee, preservation_fee, progressive, property_fee_exact,
    public_summons_fee,
)
from yingshang.fees.domain.sharing import (  # noqa: F401
    DEFENDANT_SIDE, OTHER_SIDE, PLAINTIFF_SIDE, Allocation, PartySettlement, PartyShare, ShareInput, allocate_fee,
    check_reduction, conversion_default_refund, settle_party, split_by_success,
)
