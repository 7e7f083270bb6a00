"""Who may do what with the plan. Court staff read every measure (the plan is the whole court's list); leaders
have their own view of the measures they lead, departments of the measures they carry. 审管办, 督察室 and 营商办
import plans, inspect (plan 四(二): 督察室 定期检查、及时通报、督促落实、跟踪问效) and record liaison meetings; a
department files and edits progress reports on the measures it is responsible for or assists with — named directly
(审管办), by its kind, or collectively (各审判部门, 全院各部门). Any court staff may propose a replicable practice
or a 小切口 pilot (measures 32, 33); 院领导 and the managers decide on them (经院领导研究确定); the responsible
department of an adopted one writes its 落实方案 and reports on it. Protected rows are loaded only through the
access_* functions here."""

from django.db.models import Exists, OuterRef, Q

from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.measures import domain
from yingshang.measures.errors import MeasureError
from yingshang.measures.choices import ReformStatus
from yingshang.measures.models import (
    Evidence, Inspection, LiaisonMeeting, Measure, MeasureDepartment, MeasureLeader, ProgressReport, Reform,
)
from yingshang.org.choices import DepartmentKind, Role

MANAGER_ROLES = {Role.TRIAL_MANAGEMENT, Role.INSPECTOR}
LEADER_ROLES = {Role.PRESIDENT, Role.VICE_PRESIDENT}


def can_read_measures(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.is_court_staff))


def can_manage_measures(user) -> bool:
    """审管办 (Role.TRIAL_MANAGEMENT), 督察室 (Role.INSPECTOR) and members of the 营商办 department import plans,
    inspect measures and may report on any measure."""
    if not can_read_measures(user):
        return False
    if user.is_superuser or user.role in MANAGER_ROLES:
        return True
    return bool(user.department_id) and user.department.kind == DepartmentKind.BUSINESS_ENVIRONMENT


def require_manage(user, code: str = MeasureError.IMPORT_DENIED, message: str = "只有审管办、督察室或营商办可以执行此操作"):
    if not can_manage_measures(user):
        raise PermissionDenied(code, message)


def department_names(user) -> set[str]:
    """The names under which the plan may assign work to the user's department."""
    if not user or not getattr(user, "department_id", None):
        return set()
    return domain.department_names_covering(kind=user.department.kind, name=user.department.name)


def own_measures_q(user) -> Q:
    """Measures the user's department is responsible for or assists with."""
    names = department_names(user)
    if not names:
        return Q(pk__in=[])
    return Q(Exists(MeasureDepartment.objects.filter(measure=OuterRef("pk"), name__in=names)))


def leader_name(user) -> str:
    """The user's name as a plan writes a leader (spaces removed): the key that matches 牵头领导 to users."""
    return (getattr(user, "display_name", "") or "").replace(" ", "").replace("\u3000", "")


def led_measures_q(user) -> Q:
    """Measures the user leads (牵头领导), matched by the user's name as the plan writes it."""
    name = leader_name(user)
    if not name:
        return Q(pk__in=[])
    return Q(Exists(MeasureLeader.objects.filter(measure=OuterRef("pk"), name=name)))


def can_report_on(user, measure: Measure) -> bool:
    if can_manage_measures(user):
        return True
    if not can_read_measures(user):
        return False
    names = department_names(user)
    return bool(names) and measure.departments.filter(name__in=names).exists()


def access_measure(user, measure_id) -> Measure:
    """Load a measure the user may read, or raise NotFound (also for outside users)."""
    try:
        measure_id = int(measure_id)
    except (TypeError, ValueError):
        raise NotFound(MeasureError.MEASURE_NOT_FOUND, "未找到该举措，或您无权查看")
    if not can_read_measures(user):
        raise NotFound(MeasureError.MEASURE_NOT_FOUND, "未找到该举措，或您无权查看")
    measure = Measure.objects.select_related("plan").filter(pk=measure_id).first()
    if measure is None:
        raise NotFound(MeasureError.MEASURE_NOT_FOUND, "未找到该举措，或您无权查看")
    return measure


def access_measure_for_report(user, measure_id) -> Measure:
    measure = access_measure(user, measure_id)
    if not can_report_on(user, measure):
        raise PermissionDenied(MeasureError.REPORT_DENIED, "只有该举措的责任部门、协助部门或审管办、督察室、营商办可以报送进展")
    return measure


def access_report(user, report_id) -> ProgressReport:
    report = ProgressReport.objects.select_related("measure").filter(pk=_int(report_id)).first()
    if report is None or not can_read_measures(user):
        raise NotFound(MeasureError.REPORT_NOT_FOUND, "未找到该进展报告，或您无权查看")
    return report


def can_edit_report(user, report: ProgressReport) -> bool:
    """The author, the author's department, or a manager."""
    if can_manage_measures(user):
        return True
    return can_read_measures(user) and (report.author_id == user.pk or (
        report.department_id is not None and report.department_id == user.department_id))


def access_evidence(user, evidence_id) -> Evidence:
    evidence = Evidence.objects.select_related("report").filter(pk=_int(evidence_id)).first()
    if evidence is None or not can_read_measures(user):
        raise NotFound(MeasureError.EVIDENCE_NOT_FOUND, "未找到该佐证材料，或您无权查看")
    return evidence


def access_inspection(user, inspection_id) -> Inspection:
    inspection = Inspection.objects.select_related("measure").filter(pk=_int(inspection_id)).first()
    if inspection is None or not can_read_measures(user):
        raise NotFound(MeasureError.INSPECTION_NOT_FOUND, "未找到该督察记录，或您无权查看")
    return inspection


def can_record_meetings(user) -> bool:
    return can_manage_measures(user)


def can_review_reforms(user) -> bool:
    """院领导 (院长, 分管院长) and 审管办/督察室/营商办 record the decision on a proposal (经院领导研究确定)."""
    return can_manage_measures(user) or (can_read_measures(user) and user.role in LEADER_ROLES)


def can_work_on_reform(user, reform: Reform) -> bool:
    """Write the 落实方案 and report progress on an adopted reform: its responsible department or a manager."""
    if reform.status != ReformStatus.ADOPTED:
        return False
    if can_manage_measures(user):
        return True
    return can_read_measures(user) and bool(user.department_id) and \
        user.department_id == reform.responsible_department_id


def access_meeting(user, meeting_id) -> LiaisonMeeting:
    meeting = LiaisonMeeting.objects.select_related("plan", "recorded_by").filter(pk=_int(meeting_id)).first()
    if meeting is None or not can_read_measures(user):
        raise NotFound(MeasureError.MEETING_NOT_FOUND, "未找到该会议记录，或您无权查看")
    return meeting


def access_reform(user, reform_id) -> Reform:
    reform = (Reform.objects.select_related("measure", "measure__plan", "responsible_department",
                                            "proposing_department", "proposed_by")
              .filter(pk=_int(reform_id)).first())
    if reform is None or not can_read_measures(user):
        raise NotFound(MeasureError.REFORM_NOT_FOUND, "未找到该改革事项，或您无权查看")
    return reform


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
