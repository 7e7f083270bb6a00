"""Demo data for 咸丰县人民法院: the court, its departments, teams and people, and a few thousand cases.

- ``organisation``: the court, departments, teams and demo accounts (fixed, the same for every seed).
- ``identifiers``: valid 统一社会信用代码 and 居民身份证号码 built from their parts (check digits computed).
- ``generator``: the case plan, pure Python from ``random.Random(seed)`` and a given "today" — no database.
- ``seeding``: writes the organisation and the plan with bulk inserts in one transaction.
- ``logins``: the table printed by ``manage.py demo_logins``.

Everything is fictional: no name of a real judge or officer of the court appears (see
``organisation.REAL_NAMES_TO_AVOID``), the enterprises are invented and their codes are made up (valid check
characters, no registered entity behind them).
"""
