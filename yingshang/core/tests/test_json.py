import json
from datetime import date

from yingshang.core.json import ReadableJSONEncoder


def test_chinese_stays_readable_and_dates_are_iso():
    text = json.dumps({"案号": "（2024）鄂2826民初1号", "on": date(2024, 10, 8)}, cls=ReadableJSONEncoder)
    assert text == '{"案号": "（2024）鄂2826民初1号", "on": "2024-10-08"}'


def test_plain_json_dumps_would_escape_it():
    assert json.dumps({"案号": "鄂"}) == '{"\\u6848\\u53f7": "\\u9102"}'
