"""API schemas for fees: explicit In/Out, English snake_case, money as yuan strings with two decimals."""

from ninja import Schema
from pydantic import Field, field_validator

from yingshang.core.schemas import check_yuan
from yingshang.fees.choices import FeeOutcome, FeeProcedure, FeeType


class QuoteIn(Schema):
    fee_type: FeeType = Field(description="acceptance 财产案件受理费 / execution 申请执行费 / preservation 保全费 / "
                                          "payment_order 支付令 / bankruptcy 破产申请费；另有 divorce、"
                                          "personality_rights、non_property、ip、labour、administrative、"
                                          "administrative_special、jurisdiction_objection、public_summons、"
                                          "arbitration_review")
    amount_yuan: str | None = Field(None, description="金额（元，最多两位小数）：诉讼请求金额、执行金额、实际保全数额、"
                                                      "破产财产总额；离婚为分割财产总额，人格权为请求赔偿额",
                                    examples=["123456.78"])
    procedure: FeeProcedure | None = Field(None, description="仅案件受理费：ordinary / simple / small_claims")
    outcome: FeeOutcome | None = Field(None, description="仅案件受理费：null / mediated 调解 / withdrawn 撤诉")
    is_counterclaim: bool = Field(False, description="仅案件受理费：反诉与本诉合并审理（减半）")

    @field_validator("amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class QuoteOut(Schema):
    fee_type: str
    fee_type_label: str
    fee_yuan: str = Field(description="应交纳金额（元，两位小数，四舍五入）")
    full_fee_yuan: str = Field(description="减半或封顶前的金额")
    is_halved: bool
    is_capped: bool
    steps: list[str] = Field(description="中文计算步骤")
    basis: str = Field(description="法律依据（《诉讼费用交纳办法》条文）")
    unconfirmed: list[str] = Field(description="使用了未经核实的本地标准或做法")
