"""The catalogue of notice texts (Chinese), one per node, keyed by a stable code ``<app>.<node>``.

A registry in code, reviewed like any other code: adding a node means adding an entry here (a test checks every
entry renders). Every {placeholder} is a required context key; pass dates as ``date`` objects (rendered
2024年5月6日) and money as a yuan string (``amount_yuan``, e.g. "1234.50").

Nodes per plan measure 15 (执行节点告知) and issue 6 §2; time-limit and long-pending alerts per issue 3; message
replies per measure 21 (3 working days); measure deadlines per the measures board; refunds per 诉讼费用交纳办法 and
the refund-on-winning measure; effectiveness certificates per measure 8.
"""

from yingshang.notifications.domain import Template

_ENTRIES = [
    # --- Cases ---------------------------------------------------------------------------------------------------
    Template("cases.case_registered", "立案通知",
             "您提交的案件已于{date}立案，案号为{case_number}。您可登录诉讼服务平台查看案件进展。",
             description="立案登记后告知当事人案号"),
    # --- Trial time limits (审限) — to the judge ----------------------------------------------------------------
    Template("deadlines.time_limit_30_days", "审限预警（30日）",
             "{case_number}案件审限将于{deadline_on}届满，剩余30日，请合理安排审理进度。", audience="staff"),
    Template("deadlines.time_limit_15_days", "审限预警（15日）",
             "{case_number}案件审限将于{deadline_on}届满，剩余15日，请抓紧审理；确需延长的，请及时依法报批。",
             audience="staff"),
    Template("deadlines.time_limit_7_days", "审限预警（7日）",
             "{case_number}案件审限将于{deadline_on}届满，剩余7日，请立即结案或依法办理延长审限手续。",
             audience="staff"),
    Template("deadlines.time_limit_overdue", "超审限通报",
             "{case_number}案件审限已于{deadline_on}届满，现已超审限{days_overdue}日，请立即处理并书面说明情况。",
             audience="staff"),
    # --- Long-pending cases (长期未结, plan measure 13) ---------------------------------------------------------
    # 提醒 to the judge and division head before 6 months; 警告 to the 分管院长 past 6; 督办 by the 院长 past 9;
    # past 12 each case goes on the 审委会 list. "About to pass" 9 and 12 months warns the judge and head.
    Template("deadlines.long_pending_reminder", "长期未结案件提醒",
             "【提醒】{case_number}案件自{filed_on}立案，将于{threshold_on}满{months}个月，请加快办理进度，"
             "力争在此之前结案。", audience="staff"),
    Template("deadlines.long_pending_approaching", "长期未结案件提醒",
             "【提醒】{case_number}案件自{filed_on}立案，将于{threshold_on}满{months}个月，届时将升级督办，"
             "请加快办理进度。", audience="staff"),
    Template("deadlines.long_pending_warning", "长期未结案件警告",
             "【警告】{case_number}案件自{filed_on}立案，已满6个月尚未结案，已报分管院长，"
             "请制定一案一策并报庭长审核。", audience="staff"),
    Template("deadlines.long_pending_supervision", "长期未结案件督办",
             "【督办】{case_number}案件自{filed_on}立案，已满9个月尚未结案，已列入院长督办，"
             "请于{report_due_on}前书面报告进展及结案计划。", audience="staff"),
    Template("deadlines.long_pending_committee", "超12个月未结案件提交审委会",
             "【审委会】{case_number}案件自{filed_on}立案，已满12个月尚未结案，依规列入审判委员会逐案讨论名单，"
             "请于{report_due_on}前提交书面汇报材料（含一案一策）。", audience="staff"),
    # --- Appeal file transfer (上诉案卷移送, plan measure 14) ----------------------------------------------------
    Template("deadlines.appeal_transfer_due_soon", "上诉案卷移送提醒",
             "{case_number}案件的上诉案卷应于{due_on}前移送二审法院，请及时移送。",
             audience="staff"),
    Template("deadlines.appeal_transfer_overdue", "上诉案卷超期未移送",
             "{case_number}案件的上诉案卷应于{due_on}前移送二审法院，现已超期{days_overdue}日，请立即移送并说明情况。",
             audience="staff"),
    # --- The morning digest of the daily scan: one notice per recipient listing the day's new alerts ------------
    Template("deadlines.daily_digest", "审限与长期未结案件每日提醒",
             "{date}审限与长期未结案件提醒，共{count}件：\n{items}\n请登录平台查看「我的审限」并及时处理。",
             audience="staff",
             description="每日扫描后每位收件人一条；items 为逐案列表（案号及新达到的预警：审限30/15/7日、超审限、"
                         "即将满或已满6/9/12个月、上诉案卷移送）"),
    Template("deadlines.monthly_summary", "长期未结案件月度调度",
             "【月度调度】{month}{scope}：未结超6个月{past_6}件、超9个月{past_9}件、超12个月{past_12}件；"
             "本月新超期{crossed}件，本月结案{closed}件。详见{link}（Excel：{xlsx_link}）。", audience="staff",
             description="每月1日向院长、审管办（全院）和分管院长（分管部门）发送上月长期未结案件情况（issue 3 §8）"),
    # --- Enforcement nodes (执行节点告知, measure 15) — to the creditor -----------------------------------------
    Template("enforcement.case_registered", "执行立案通知",
             "您申请执行的案件已于{date}立案，案号为{case_number}，法院将依法及时执行。"),
    Template("enforcement.notice_served", "执行通知",
             "您申请执行的{case_number}案件已于{date}向被执行人发出执行通知书。"),
    Template("enforcement.property_report_ordered", "报告财产令",
             "您申请执行的{case_number}案件已于{date}责令被执行人报告财产。"),
    Template("enforcement.asset_search_done", "网络查控完成",
             "您申请执行的{case_number}案件已于{date}完成网络查控。"),
    Template("enforcement.property_sealed", "查封/扣押/冻结",
             "您申请执行的{case_number}案件已于{date}对被执行人的财产采取{measure}措施。",
             description="measure 取「查封」「扣押」「冻结」或其组合，如「查封、冻结」"),
    Template("enforcement.money_received", "执行款到账",
             "您申请执行的{case_number}案件有执行款{amount_yuan}元已于{date}到账，法院将依法及时发放。"),
    Template("enforcement.money_paid_out", "执行款发放",
             "您申请执行的{case_number}案件执行款{amount_yuan}元已于{date}发放，请注意查收。"),
    Template("enforcement.round_closed", "终结本次执行",
             "您申请执行的{case_number}案件已于{date}裁定终结本次执行程序。发现被执行人有可供执行财产的，"
             "您可以申请恢复执行。"),
    Template("enforcement.fully_enforced", "执行完毕",
             "您申请执行的{case_number}案件已于{date}执行完毕。"),
    Template("enforcement.payout_overdue", "执行款超期未发放",
             "{case_number}案件于{arrived_on}到账的执行款应于{due_on}前发放，现已超期，余额{amount_yuan}元，请及时发放或报批延缓。",
             audience="staff"),
    Template("enforcement.instalment_missed", "分期履行逾期",
             "{case_number}案件被执行人应于{due_on}履行的分期款{amount_yuan}元尚未履行，请及时处理。", audience="staff"),
    # --- Smart-enforcement messages (measure 21) -----------------------------------------------------------------
    Template("enforcement.message_reply_due", "留言待答复",
             "当事人就{case_number}案件的留言应于{due_on}前答复，请及时处理。", audience="staff"),
    Template("enforcement.message_reply_overdue", "留言超期未答复",
             "当事人就{case_number}案件的留言已超过答复期限（{due_on}），承办人：{officer}，请督促答复。",
             audience="staff"),
    Template("enforcement.message_replied", "留言已答复",
             "您就{case_number}案件提交的留言已于{date}答复，请登录诉讼服务平台查看。"),
    # --- Measures board (营商举措督办) ----------------------------------------------------------------------------
    Template("measures.deadline_reminder", "举措任务到期提醒",
             "营商举措「{measure_title}」的任务「{task_title}」将于{due_on}到期，请按时完成并报送进展。",
             audience="staff"),
    Template("measures.overdue_escalation", "举措任务逾期督办",
             "营商举措「{measure_title}」的任务「{task_title}」已于{due_on}逾期，责任部门：{department}，请督促办理。",
             audience="staff"),
    # --- Fees ----------------------------------------------------------------------------------------------------
    Template("fees.refund_order", "诉讼费退费",
             "您在{case_number}案件中应退还的诉讼费{amount_yuan}元已于{date}办理退费手续，款项将退至您提供的账户，"
             "请注意查收。"),
    Template("fees.relief_decided", "诉讼费缓减免决定",
             "您在{case_number}案件中申请的{relief}，法院已于{date}作出决定：{outcome}。详情请登录诉讼服务平台查看。"),
    # --- Credit --------------------------------------------------------------------------------------------------
    Template("credit.repair_decided", "信用修复决定",
             "您就{case_number}案件提出的信用修复申请，法院已于{date}作出决定：{outcome}。详情请登录诉讼服务平台查看。"),
    # --- Documents -----------------------------------------------------------------------------------------------
    Template("documents.effectiveness_certificate_issued", "生效证明已出具",
             "{case_number}案件裁判文书生效证明已于{date}出具，您可登录诉讼服务平台查看或下载。"),
    Template("documents.document_served", "电子送达",
             "{case_number}案件的《{title}》（文书编号{number}）已向您电子送达，请登录诉讼服务平台查看下载：{link}"
             "（文书验证码{code}）。",
             description="经受送达人同意的电子送达（民事诉讼法第90条）；到达受送达人特定系统之日为送达日"),
    # --- Filing (立案登记, 登记立案规定 arts 7–9) -----------------------------------------------------------------
    Template("filing.supplement_requested", "立案材料补正通知",
             "您提交的立案申请（收件编号{receipt_number}）需要补正，法院已于{date}一次性告知补正内容：{items}。"
             "请登录诉讼服务平台提交补正材料，审查期限自收到补正材料之日起重新计算。"),
    Template("filing.refused", "不予受理通知",
             "您提交的立案申请（收件编号{receipt_number}）经审查，法院已于{date}作出不予受理裁定（{ruling_number}），"
             "请登录诉讼服务平台查看裁定书；不服的，可以依法上诉。"),
    Template("filing.decision_due_soon", "立案审查期限即将届满",
             "立案申请{receipt_number}（{applicant}）的审查期限将于{deadline_on}届满，请及时作出立案或不予受理的决定。",
             audience="staff"),
    Template("filing.decision_overdue", "立案审查期限已届满",
             "立案申请{receipt_number}（{applicant}）的审查期限已于{deadline_on}届满仍未决定，依法应当先行立案，请立即处理。",
             audience="staff"),
    # --- Property preservation (财产保全: CPL 103–104; PresProv 4, 18; SealProv 27) --------------------------------
    Template("preservation.ruling_due_soon", "保全裁定期限即将届满",
             "{case_number}案件{applicant}的财产保全申请应于{deadline_on}前作出裁定，请及时处理。", audience="staff"),
    Template("preservation.ruling_overdue", "保全裁定期限已届满",
             "{case_number}案件{applicant}的财产保全申请的裁定期限已于{deadline_on}届满，尚未裁定，请立即处理。",
             audience="staff"),
    Template("preservation.measure_taken", "保全措施告知",
             "法院已于{taken_on}根据您在{case_number}案件中的申请{method}{description}，保全期限至{expires_on}届满。需要继续保全的，"
             "请于{latest_on}前（期限届满七日前）申请续行保全。",
             description="《财产保全规定》第18条：书面告知申请人保全期限届满日及申请续行的期限"),
    Template("preservation.renewal_window", "保全期限即将届满",
             "您在{case_number}案件中申请保全的{description}，保全期限将于{expires_on}届满。需要继续保全的，请于{latest_on}"
             "前（期限届满七日前）向法院申请续行保全；逾期申请或者不申请的，自行承担不能续行的后果。",
             description="《财产保全规定》第18条：法院应书面告知申请人保全期限届满日及申请续行的期限"),
    Template("preservation.renewal_window_staff", "保全期限即将届满（承办人）",
             "{case_number}案件对{description}的保全措施将于{expires_on}届满，请关注申请人的续行申请或依职权续行。",
             audience="staff"),
    Template("preservation.suit_due_soon", "诉前保全起诉期限提醒",
             "法院已对您在{case_number}案件中申请的诉前保全采取保全措施。请于{deadline_on}前提起诉讼或申请仲裁，"
             "逾期未起诉的，法院将依法解除保全。"),
    Template("preservation.enforcement_due_soon", "执行前保全申请执行期限提醒",
             "您在{case_number}案件中申请的执行前保全已采取措施。请于{deadline_on}前申请执行，逾期未申请执行的，法院将依法解除保全。"),
    Template("preservation.enforcement_overdue", "执行前保全应予解除",
             "{case_number}执行前保全的申请人未在{deadline_on}前申请执行，依照民诉法解释第163条应当解除保全，请及时处理。",
             audience="staff"),
    Template("preservation.suit_overdue", "诉前保全应予解除",
             "{case_number}诉前保全的申请人未在{deadline_on}前提起诉讼或申请仲裁，依照民事诉讼法第104条应当解除保全，请及时处理。",
             audience="staff"),
    # --- The outbox itself ---------------------------------------------------------------------------------------
    Template("notifications.test_message", "测试消息", "这是一条测试消息：{text}", audience="staff",
             description="管理员检查通道是否可用"),
]

CATALOGUE: dict[str, Template] = {entry.code: entry for entry in _ENTRIES}
if len(CATALOGUE) != len(_ENTRIES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("duplicate notification template code")
