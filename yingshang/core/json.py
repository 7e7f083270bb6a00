"""JSON encoding shared by the apps."""

from django.core.serializers.json import DjangoJSONEncoder


class ReadableJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder that keeps Chinese characters as they are instead of ``\\uXXXX`` escapes.

    For JSONFields holding Chinese text (e.g. a notice's template values): the stored JSON is readable in the
    database, a third of the size, and cheaper to quote when rows are bulk-inserted (Django's PostgreSQL bulk insert
    passes each column as an array literal, where every backslash of an escape has to be quoted again).
    ``json.dumps(cls=...)`` passes ``ensure_ascii=True`` explicitly, so it is overridden here."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
