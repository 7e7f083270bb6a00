"""Base settings: embedded mode (SQLite under var/, in-process background work) unless the
environment says otherwise. See config/env.py for every variable read."""

from pathlib import Path

import dj_database_url

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-yingshang-key-change-me")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "yingshang.core",
    "yingshang.audit",
    "yingshang.org",
    "yingshang.cases",
    "yingshang.calendar",
    "yingshang.deadlines",
    "yingshang.fees",
    "yingshang.measures",
    "yingshang.notifications",
    "yingshang.enforcement",
    "yingshang.credit",
    "yingshang.documents",
    "yingshang.assessments",
    "yingshang.filing",
    "yingshang.metrics",
    "yingshang.preservation",
    "yingshang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yingshang.core.middleware.ApiErrorShapeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yingshang.core.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "yingshang.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Background work: Celery with Redis when CELERY_BROKER_URL is set, otherwise tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE

# --- Notifications (yingshang/notifications/conf.py holds the documented defaults) -----------------------------
# SMS through China Mobile 云MAS: the channel stays disabled (never faked) until all five are set.
SMS_MAS_BASE_URL = env_str("SMS_MAS_BASE_URL", "")
SMS_MAS_EC_NAME = env_str("SMS_MAS_EC_NAME", "")
SMS_MAS_AP_ID = env_str("SMS_MAS_AP_ID", "")
SMS_MAS_SECRET_KEY = env_str("SMS_MAS_SECRET_KEY", "")
SMS_MAS_SIGN = env_str("SMS_MAS_SIGN", "")
SMS_MAS_REPORT_TOKEN = env_str("SMS_MAS_REPORT_TOKEN", "")
# E-mail: SMTP when EMAIL_HOST is set; otherwise messages are written to files under var/mail (embedded mode).
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "咸丰县人民法院 <noreply@court.invalid>")

# --- Documents (yingshang/documents/conf.py holds the documented defaults) ------------------------------------
# The public address printed in QR codes and SMS links; production must set it to the court's public URL.
DOCUMENTS_PUBLIC_BASE_URL = env_str("DOCUMENTS_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Effective date = last appeal day + N (rule book §3.3: "the day after" in practice; UNCONFIRMED for 咸丰).
DOCUMENTS_EFFECTIVE_DATE_OFFSET_DAYS = env_int("DOCUMENTS_EFFECTIVE_DATE_OFFSET_DAYS", 1)
DOCUMENTS_VERIFICATION_KEY = env_str("DOCUMENTS_VERIFICATION_KEY", "") or SECRET_KEY
DOCUMENTS_COURT_ADDRESS = env_str("DOCUMENTS_COURT_ADDRESS", "湖北省恩施土家族苗族自治州咸丰县高乐山镇")
DOCUMENTS_COURT_PHONE = env_str("DOCUMENTS_COURT_PHONE", "")

# The court this installation serves (法院代字 per the SPC case-number rules; 咸丰县 = 鄂2826).
COURT_CODE = env_str("COURT_CODE", "鄂2826")

# Page size defaults for lists (API and pages alike).
PAGE_SIZE_DEFAULT = env_int("PAGE_SIZE_DEFAULT", 20)
PAGE_SIZE_MAX = 200

# --- Court rules marked UNCONFIRMED in ../shared/domain: settings with the documented default. ---
# Whether a judge's own time limit (审限) that ends on a rest day rolls to the next working day.
# rules-fees-periods-case-numbers.md §3.1: "make configurable (default: roll forward)".
TIME_LIMIT_ROLLS_OVER_HOLIDAYS = env_bool("TIME_LIMIT_ROLLS_OVER_HOLIDAYS", True)
# Long-pending escalation: how many days ahead "about to pass 6/9/12 months" is flagged (issue 3 §5).
LONG_PENDING_LOOKAHEAD_DAYS = env_int("LONG_PENDING_LOOKAHEAD_DAYS", 30)
# Extension paperwork (rules-fees-periods-case-numbers.md §2.1, §2.4): apply 15 / decide 5 days before expiry
# (2019 SPC rules art. 1); a late step is refused unless a reason is recorded (strict) or only marked (not strict).
DEADLINES_EXTENSION_WINDOW_STRICT = env_bool("DEADLINES_EXTENSION_WINDOW_STRICT", True)
DEADLINES_EXTENSION_APPLY_DAYS_BEFORE = env_int("DEADLINES_EXTENSION_APPLY_DAYS_BEFORE", 15)
DEADLINES_EXTENSION_DECIDE_DAYS_BEFORE = env_int("DEADLINES_EXTENSION_DECIDE_DAYS_BEFORE", 5)
# Enforcement (the 2000 and 2006 texts differ, §2.4): apply within the last 5 days (2006 art. 1); approved by the
# 院长 (2000 art. 5), optionally also the 分管副院长 (2006: "president,vice_president").
DEADLINES_ENFORCEMENT_EXTENSION_OPENS_DAYS_BEFORE = env_int("DEADLINES_ENFORCEMENT_EXTENSION_OPENS_DAYS_BEFORE", 5)
DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = env_list("DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS", ["president"])

# Live values of the plan's targets on the measure board (issue 9): the indicators app answers for each code.
MEASURES_INDICATOR_VALUE_PROVIDER = "yingshang.metrics.provider.indicator_value"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
