"""Pure rules of enforcement: payments into and out of the per-case account, allocation among creditors,
the conditions of 终结本次执行, payout deadlines, instalment schedules. No ORM, no settings, no clock."""

from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.core.errors import DomainError
from yingshang.enforcement.choices import LedgerAccount, NodeKind, TransactionKind
from yingshang.enforcement.errors import EnforcementError


def postings_for(kind: str, amount_fen: int) -> list[tuple[str, int]]:
    """Double-entry postings (account, signed amount: debit +, credit −) for one ledger transaction.

    receipt: money arrives in the court's account for the case (Dr 专户, Cr 案件子账户);
    payout / refund / fee deduction: money leaves the case sub-account (Dr 案件子账户, Cr 已发放 / 已退还 / 执行费).
    Every transaction's postings sum to zero; the case sub-account's balance is minus the sum of its postings.
    Source: 最高人民法院关于执行款物管理工作的规定 (法发〔2017〕6号), one account per case (一案一账号).
    """
    if amount_fen <= 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额必须大于零")
    counter = {TransactionKind.PAYOUT: LedgerAccount.PAID_OUT, TransactionKind.REFUND: LedgerAccount.REFUNDED,
               TransactionKind.FEE_DEDUCTION: LedgerAccount.FEES}
    if kind == TransactionKind.RECEIPT:
        return [(LedgerAccount.BANK, amount_fen), (LedgerAccount.CASE, -amount_fen)]
    return [(LedgerAccount.CASE, amount_fen), (counter[kind], -amount_fen)]


def check_outflow(*, balance_fen: int, amount_fen: int) -> int:
    """Money can leave the case sub-account only if it is there: the balance never goes negative."""
    if amount_fen <= 0:
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额必须大于零")
    if amount_fen > balance_fen:
        raise DomainError(EnforcementError.INSUFFICIENT_BALANCE,
                          f"案件子账户余额不足：余额{balance_fen / 100:.2f}元，拟支出{amount_fen / 100:.2f}元",
                          {"balance_fen": balance_fen, "amount_fen": amount_fen}, status=409)
    return balance_fen - amount_fen


def allocate_pro_rata(amount_fen: int, claims: dict[int, int]) -> dict[int, int]:
    """Share money among several creditors in proportion to their outstanding claims (参与分配, 民诉法解释
    506–510: ordinary creditors share pro rata when the property is insufficient). Integer fen with the largest
    remainder method, ties to the lower key; never more than a claim. Returns {creditor: fen}."""
    if amount_fen < 0 or any(v < 0 for v in claims.values()):
        raise DomainError(EnforcementError.AMOUNT_NOT_POSITIVE, "金额不能为负数")
    total = sum(claims.values())
    if total == 0:
        return {key: 0 for key in claims}
    if amount_fen >= total:
        return dict(claims)
    shares = {key: amount_fen * claim // total for key, claim in claims.items()}
    remainders = sorted(claims, key=lambda key: (-(amount_fen * claims[key] % total), key))
    for key in remainders[: amount_fen - sum(shares.values())]:
        shares[key] += 1
    return shares


@dataclass(frozen=True)
class ClosureFacts:
    nodes: frozenset[str]
    filed_on: date
    today: date
    min_months: int = 3


# 法〔2016〕373号 art. 1: all of these must be on record before 终本 (plus the debtor search where the debtor is missing).
ROUND_CLOSURE_REQUIRED_NODES = (
    (NodeKind.NOTICE_SERVED, "已发出执行通知书"),
    (NodeKind.PROPERTY_REPORT_ORDERED, "已责令被执行人报告财产"),
    (NodeKind.ASSET_SEARCH, "已完成网络查控等财产调查"),
    (NodeKind.CONSUMPTION_RESTRICTION, "已发出限制消费令"),
    (NodeKind.CREDITOR_INTERVIEW, "已约谈申请执行人"),
)


def add_months(start: date, months: int) -> date:
    """Corresponding day months later, or the month's last day when there is none (民法典 202)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_round_closure(facts: ClosureFacts) -> None:
    """终结本次执行 is allowed only when every condition of 法〔2016〕373号 art. 1 is met, including more than
    3 months since filing. Raises with the list of unmet conditions."""
    missing = [label for kind, label in ROUND_CLOSURE_REQUIRED_NODES if kind not in facts.nodes]
    earliest = add_months(facts.filed_on, facts.min_months)
    if facts.today <= earliest:
        missing.append(f"自立案之日起已超过{facts.min_months}个月（{earliest:%Y年%m月%d日}之后）")
    if missing:
        raise DomainError(EnforcementError.ROUND_CLOSURE_CONDITIONS,
                          "不符合终结本次执行程序的条件：" + "；".join(missing), {"missing": missing}, status=409)


def payout_due_on(arrived_on: date, days: int) -> date:
    """The payout deadline: ``days`` after the arrival notice (法发〔2017〕6号: 30 days; a setting)."""
    return arrived_on + timedelta(days=days)


def oldest_unpaid_arrival(receipts: list[tuple[date, int]], outflows_fen: int) -> date | None:
    """First-in, first-out: the arrival date of the oldest money still in the account, or None when all paid."""
    remaining = outflows_fen
    for arrived_on, amount in sorted(receipts):
        if remaining >= amount:
            remaining -= amount
            continue
        return arrived_on
    return None


@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount_fen: int


def check_instalment_schedule(schedule: list[Instalment], total_fen: int, start_on: date) -> list[Instalment]:
    """An instalment plan: positive amounts, strictly increasing due dates on or after the start, adding up to the
    agreed total (执行和解规定 2020 arts 1–2: the parties may change the time and method of performance)."""
    if not schedule:
        raise DomainError(EnforcementError.INSTALMENT_SCHEDULE_INVALID, "分期履行计划至少一期")
    previous = None
    for item in schedule:
        if item.amount_fen <= 0:
            raise DomainError(EnforcementError.INSTALMENT_SCHEDULE_INVALID, "每期金额必须大于零")
        if item.due_on < start_on or (previous and item.due_on <= previous):
            raise DomainError(EnforcementError.INSTALMENT_SCHEDULE_INVALID, "各期履行日期应依次递增且不早于协议日期")
        previous = item.due_on
    if sum(i.amount_fen for i in schedule) != total_fen:
        raise DomainError(EnforcementError.INSTALMENT_SCHEDULE_INVALID, "各期金额之和应等于约定履行总额",
                          {"sum_fen": sum(i.amount_fen for i in schedule), "total_fen": total_fen})
    return schedule
