"""Valid identifiers for fictional parties, built from their parts with the check characters computed.

- 统一社会信用代码 (GB 32100-2015): registration authority (1) + organisation category (1) + division code (6)
  + organisation code (9, itself carrying the GB 11714-1997 check character) + check character (1).
- 居民身份证号码 (GB 11643-1999): division code (6) + birth date (8) + sequence (3, odd for men) + check (1).

Both are checked with python-stdnum (``cn.uscc``, ``cn.ric``), the validators the case services use.
"""

from datetime import date
from functools import lru_cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

# Characters a USCC may contain (GB 32100-2015 §4.2: no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code_check(body: str) -> str:
    """GB 11714-1997 check character of an 8-character organisation code body (digits and capital letters)."""
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * weight for ch, weight in zip(body, _ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code(*, authority: str, category: str, division: str, org_body: str) -> str:
    """A 统一社会信用代码 from its parts: e.g. authority "9" (市场监管), category "1" (企业), division "422826",
    an 8-character organisation body such as "MA4C1234". Raises ValueError if the result is not valid."""
    if len(org_body) != 8 or any(ch not in USCC_ALPHABET for ch in org_body):
        raise ValueError(f"organisation body must be 8 USCC characters: {org_body!r}")
    body = f"{authority}{category}{division}{org_body}{organisation_code_check(org_body)}"
    if len(body) != 17 or any(ch not in USCC_ALPHABET for ch in body):
        raise ValueError(f"not a USCC body: {body!r}")
    code = body + uscc.calc_check_digit(body)
    return uscc.validate(code)


@lru_cache(maxsize=None)
def division_in_use(division: str, year: int) -> bool:
    """Whether python-stdnum knows the division code as in use in that year (cn.ric checks the birth place)."""
    try:
        ric.get_birth_place(f"{division}{year}0101000X")
    except ValidationError:
        return False
    return True


def id_number(*, division: str, born_on: date, sequence: int) -> str:
    """A 居民身份证号码 from its parts (sequence 0–999; odd for men, even for women), check digit computed.

    Raises ValueError when the division code was not in use in the birth year (which cn.ric refuses). The rest
    is valid by construction (a real date, digits, the GB 11643 check digit); ``cn.ric.validate`` accepts it.
    """
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence out of range: {sequence}")
    if not division_in_use(division, born_on.year):
        raise ValueError(f"division {division} not in use in {born_on.year}")
    body = f"{division}{born_on:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")
