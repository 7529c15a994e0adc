"""The briefing of a quarter lists the previous quarter's directives and what each unit
answered ("Kết quả thực hiện ý kiến chỉ đạo quý trước"), between the weak spots and the
proposals; a quarter after none has no such part (issue 22)."""

import datetime

from django.contrib.auth import get_user_model

from indicators.directives import directive_create, directive_reply
from indicators.models import Period
from reports.briefing.content import briefing_build
from units.models import Unit


def _briefing(code: str):
    return briefing_build(period=Period.objects.get(code=code), compare=None, session_date=datetime.date(2017, 10, 20))


def test_the_next_briefing_lists_the_previous_quarters_directives_and_their_results(demo):
    users = get_user_model().objects
    committee, officer = users.get(username="demo-committee"), users.get(username="demo-officer")
    unit = Unit.objects.get(pk=officer.memberships.first().unit_id)
    other = Unit.objects.filter(level=unit.level).exclude(pk=unit.pk).order_by("sort_order").first()
    directive = directive_create(
        user=committee,
        period=Period.objects.get(code="2017Q2"),
        scope="quarter",
        units=[unit, other],
        text="Hoàn thành lắp tường lửa trước quý IV.",
    )
    directive_reply(user=officer, directive=directive, unit=unit, text="Đã lắp tường lửa tháng 8.")
    briefing = _briefing("2017Q3")
    assert [p.number for p in briefing.parts] == ["I", "II", "III", "IV"]
    part = briefing.parts[2]
    assert part.title == "Kết quả thực hiện ý kiến chỉ đạo quý trước (Quý II/2017)"
    (section,) = part.sections
    assert section.paragraphs == ["Ý kiến chỉ đạo: Hoàn thành lắp tường lửa trước quý IV."]
    name = unit.short_name or unit.name
    assert section.items[0] == f"{name}: Đã lắp tường lửa tháng 8."
    assert section.items[1] == f"Chưa báo cáo kết quả: {other.short_name or other.name}."
    assert briefing.parts[3].title == "Đề xuất, kiến nghị"
    # The directive is about 2017Q2: its own briefing (after 2017Q1, without any) has no such part.
    assert [p.number for p in _briefing("2017Q2").parts] == ["I", "II", "III"]
