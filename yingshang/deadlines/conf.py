"""Settings of the deadlines app, read with their documented defaults (do not read settings elsewhere).

The rule book leaves these open (rules-fees-periods-case-numbers.md §2, §3.1; 2023 plan measures 13–14);
each is a setting so the court can change it without a release.
"""

from django.conf import settings


def time_limit_rolls_over_holidays() -> bool:
    """Whether a judge's own time limit that ends on a rest day moves to the next working day (§3.1: the SPC
    2014 text applies CPL 85 to 审限; some systems do not). Default: roll over."""
    return bool(getattr(settings, "TIME_LIMIT_ROLLS_OVER_HOLIDAYS", True))


def long_pending_lookahead_days() -> int:
    """How many days before 6/9/12 months a case counts as "about to pass" (issue 3 §5). Default 30."""
    return int(getattr(settings, "LONG_PENDING_LOOKAHEAD_DAYS", 30))


def time_limit_alert_days() -> tuple[int, int, int]:
    """Time-limit alert thresholds in days before expiry, widest first. Default (30, 15, 7)."""
    wide, mid, narrow = getattr(settings, "TIME_LIMIT_ALERT_DAYS", (30, 15, 7))
    return int(wide), int(mid), int(narrow)


def same_reason_rule_enabled() -> bool:
    """The court's own rule (2023 plan measure 14): the same reason cannot support a second extension
    (原则上 — a 院长 may override with a recorded reason). Default: on."""
    return bool(getattr(settings, "EXTENSION_SAME_REASON_RULE", True))


def appeal_answer_days() -> int:
    """The appellee's answer period after service of the appeal (CPL 174: 15 days). Default 15."""
    return int(getattr(settings, "APPEAL_ANSWER_DAYS", 15))


def appeal_transfer_days() -> int:
    """Days after the answer period ends within which the file goes to the second-instance court
    (2023 plan measure 14: 5 days). Default 5."""
    return int(getattr(settings, "APPEAL_TRANSFER_DAYS", 5))


def appeal_transfer_warning_days() -> int:
    """How many days before the transfer is due an alert is raised. Default 2."""
    return int(getattr(settings, "APPEAL_TRANSFER_WARNING_DAYS", 2))


def full_scan_weekday() -> int:
    """The weekday (0 = Monday … 6 = Sunday) on which the daily scan compares every case with its deadline row
    instead of only the cases changed since the previous run (catches changes made behind the services' back).
    Default 6 (Sunday)."""
    return int(getattr(settings, "DEADLINES_FULL_SCAN_WEEKDAY", 6))


def watermark_margin_minutes() -> int:
    """How far before the previous run's start an incremental run looks for changed cases (transactions that
    were open while it ran). Default 60."""
    return int(getattr(settings, "DEADLINES_WATERMARK_MARGIN_MINUTES", 60))


# --- Extension paperwork (延长审限的申请与审批期限) --------------------------------------------------------------

def extension_window_strict() -> bool:
    """Whether a request (or a 院长's decision) after its last day is refused unless a late reason is recorded
    (True), or accepted and only marked late (False). The 2019 rules fix the days (art. 1) but say nothing of a late
    request; the court's 2023 plan (measure 14: 审限变更须严格报送) asks for strictness. Default: strict."""
    return bool(getattr(settings, "DEADLINES_EXTENSION_WINDOW_STRICT", True))


def extension_apply_days_before() -> int:
    """A trial case's extension is applied for at least this many days before the limit expires — to the 院长, and
    for a further extension to the higher court (2019 SPC 延长审限和延期开庭规定 art. 1: 15 days; the 2000 rules' 10
    days yield to it, art. 9; 刑诉解释 210 also says 15 days). Default 15."""
    return int(getattr(settings, "DEADLINES_EXTENSION_APPLY_DAYS_BEFORE", 15))


def extension_decide_days_before() -> int:
    """The 院长 (or the higher court) decides at least this many days before the limit expires (2019 SPC 延长审限和
    延期开庭规定 art. 1: 5 days). Default 5."""
    return int(getattr(settings, "DEADLINES_EXTENSION_DECIDE_DAYS_BEFORE", 5))


def enforcement_extension_opens_days_before() -> int | None:
    """Enforcement cases: an extension is applied for "within the 5 days before expiry" (法发〔2006〕35号 art. 1, a
    secondary-source text: rules-fees-periods §2.4; the 2000 rules art. 5 set no window). The window opens this many
    days before the last day; None: no opening day (any time before the closing day). Default 5."""
    value = getattr(settings, "DEADLINES_ENFORCEMENT_EXTENSION_OPENS_DAYS_BEFORE", 5)
    return None if value is None else int(value)


def enforcement_extension_apply_days_before() -> int:
    """Enforcement cases: the last day to apply, in days before the limit's last day. Default 0 (up to the last day
    itself: 法发〔2006〕35号 art. 1 only says "before expiry")."""
    return int(getattr(settings, "DEADLINES_ENFORCEMENT_EXTENSION_APPLY_DAYS_BEFORE", 0))


def enforcement_extension_decide_days_before() -> int:
    """Enforcement cases: the last day for the decision, in days before the limit's last day (no text fixes it).
    Default 0."""
    return int(getattr(settings, "DEADLINES_ENFORCEMENT_EXTENSION_DECIDE_DAYS_BEFORE", 0))


ENFORCEMENT_APPROVER_CHOICES = ("president", "vice_president")


def enforcement_extension_approvers() -> frozenset[str]:
    """Who approves an enforcement case's extension. The two texts differ (rules-fees-periods §2.4;
    rules-enforcement-credit-bankruptcy §2.1): TermProv (2000) art. 5 — the 院长 (+3 months); 法发〔2006〕35号 art. 1 —
    the 院长 or a 副院长. Values: "president" and optionally "vice_president" (the 分管副院长 who supervises the case's
    department); "president" is always in it (both texts name the 院长). Default {"president"} (the 2000 rules; the
    stricter reading)."""
    value = getattr(settings, "DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS", ("president",))
    chosen = frozenset(str(v) for v in value)
    unknown = chosen - set(ENFORCEMENT_APPROVER_CHOICES)
    if unknown or "president" not in chosen:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS must hold \"president\" (both texts "
                                   f"name the 院长) and only {ENFORCEMENT_APPROVER_CHOICES}; unknown: {sorted(unknown)}")
    return chosen


def extension_window_policy(family: str):
    """The window of the extension paperwork for a rule family (windows.WindowPolicy): enforcement by the 2006 rules,
    every other family by the 2019 rules' 15/5 days."""
    from yingshang.deadlines import domain, windows

    if family == domain.ENFORCEMENT:
        return windows.WindowPolicy(
            apply_days_before=enforcement_extension_apply_days_before(),
            decide_days_before=enforcement_extension_decide_days_before(),
            opens_days_before=enforcement_extension_opens_days_before(),
            source="法发〔2006〕35号第1条")
    return windows.WindowPolicy(apply_days_before=extension_apply_days_before(),
                               decide_days_before=extension_decide_days_before(), opens_days_before=None,
                               source="《最高人民法院关于严格规范民商事案件审理期限延长和延期开庭问题的规定》（2019）第1条")
