from django.db import models


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", "最高人民法院"
    HIGH = "high", "高级人民法院"
    INTERMEDIATE = "intermediate", "中级人民法院"
    BASIC = "basic", "基层人民法院"


class DepartmentKind(models.TextChoices):
    FILING = "filing", "立案庭"
    CIVIL = "civil", "民事审判庭"
    CRIMINAL = "criminal", "刑事审判庭"
    ADMINISTRATIVE = "administrative", "行政审判庭"
    ENFORCEMENT = "enforcement", "执行局"
    BANKRUPTCY = "bankruptcy", "破产合议庭"
    TRIAL_MANAGEMENT = "trial_management", "审判管理办公室"
    GENERAL_OFFICE = "general_office", "综合办公室"
    INFORMATION = "information", "信息管理部门"
    BUSINESS_ENVIRONMENT = "business_environment", "营商环境办公室"
    INSPECTION = "inspection", "督察室"
    TRIBUNAL = "tribunal", "人民法庭"
    ENVIRONMENT = "environment", "环境资源法庭"
    FINANCE = "finance", "计划财务装备科"
    LEADERSHIP = "leadership", "院领导"


# Departments whose members hear or enforce cases (审判执行部门).
ADJUDICATING_KINDS = {
    DepartmentKind.FILING, DepartmentKind.CIVIL, DepartmentKind.CRIMINAL, DepartmentKind.ADMINISTRATIVE,
    DepartmentKind.ENFORCEMENT, DepartmentKind.BANKRUPTCY, DepartmentKind.TRIBUNAL, DepartmentKind.ENVIRONMENT,
}


class TeamKind(models.TextChoices):
    GENERAL = "general", "审判团队"
    FINANCIAL = "financial", "金融审判团队"
    FAST_TRACK = "fast_track", "速裁团队"
    ENFORCEMENT_FINANCIAL = "enforcement_financial", "金融执行团队"
    ENFORCEMENT = "enforcement", "执行团队"


class Role(models.TextChoices):
    # Court side (院内)
    PRESIDENT = "president", "院长"
    VICE_PRESIDENT = "vice_president", "分管院长"
    DIVISION_HEAD = "division_head", "庭长"
    JUDGE = "judge", "员额法官"
    JUDGE_ASSISTANT = "judge_assistant", "法官助理"
    CLERK = "clerk", "书记员"
    TRIAL_MANAGEMENT = "trial_management", "审管办工作人员"
    ENFORCEMENT_OFFICER = "enforcement_officer", "执行员"
    INSPECTOR = "inspector", "督察员"
    FINANCE = "finance", "财务人员"
    ADMIN_STAFF = "admin_staff", "综合管理人员"
    # Outside (院外)
    PARTY = "party", "当事人"
    LAWYER = "lawyer", "代理律师"
    MEDIATOR = "mediator", "调解员"
    ADMINISTRATOR = "administrator", "破产管理人"
    APPRAISER = "appraiser", "鉴定机构"
    INTEGRITY_DEPARTMENT = "integrity_department", "政务诚信牵头部门"
    GRID_WORKER = "grid_worker", "网格员"
    AGENCY = "agency", "行政执法机关工作人员"


COURT_ROLES = {
    Role.PRESIDENT, Role.VICE_PRESIDENT, Role.DIVISION_HEAD, Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK,
    Role.TRIAL_MANAGEMENT, Role.ENFORCEMENT_OFFICER, Role.INSPECTOR, Role.FINANCE, Role.ADMIN_STAFF,
}
# Roles that see every case of the court (院长, 审管办, 督察室).
COURT_WIDE_ROLES = {Role.PRESIDENT, Role.TRIAL_MANAGEMENT, Role.INSPECTOR}
