"""The demo's directives (issue 22): what the Steering Committee asked of units after
the last complete quarter, one answered and one waiting, so that the committee sees a
thread, an officer a directive to answer and the next briefing its part III. Made-up
texts, like the demo's figures; written as data (no e-mail, as the demo's reports)."""

import datetime

from django.contrib.auth import get_user_model

from indicators.models import Directive, DirectiveReply, DirectiveScope, Indicator, Period
from units.models import Unit


def demo_directives(*, done_code: str, log=print) -> int:
    """Write the demo's directives about ``done_code`` once (none if any exists);
    return how many."""
    if Directive.objects.exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    period = Period.objects.filter(code=done_code).first()
    day = datetime.date.today()
    units = {u.code: u for u in Unit.objects.active_on(day).filter(code__in=["QS21", "X23341", "X23365"])}
    signatures = Indicator.objects.filter(code="signature_cert_rate").first()
    if period is None or "demo-committee" not in users or len(units) < 3 or signatures is None:
        return 0
    committee = users["demo-committee"]
    figure = Directive.objects.create(
        period=period,
        scope=DirectiveScope.FIGURE,
        indicator=signatures,
        text="Tỷ lệ cán bộ có chữ ký số của Sở còn thấp so với các sở khác. Đề nghị hoàn thành cấp chứng thư "
        "chữ ký số cho cán bộ còn lại và báo cáo kết quả tại phiên họp quý sau.",
        due_date=period.deadline + datetime.timedelta(days=90) if period.deadline else None,
        author=committee,
    )
    figure.units.set([units["QS21"]])
    if "demo-officer" in users:
        DirectiveReply.objects.create(
            directive=figure,
            unit=units["QS21"],
            text="Sở đã lập danh sách 24 cán bộ chưa có chứng thư và gửi đề nghị cấp; dự kiến hoàn thành trong quý.",
            author=users["demo-officer"],
        )
    quarter = Directive.objects.create(
        period=period,
        scope=DirectiveScope.QUARTER,
        text="Đề nghị hai xã đẩy mạnh xử lý hồ sơ công việc trên môi trường mạng, phấn đấu đạt chỉ "
        "tiêu 70% theo KH 38/KH-UBND; báo cáo khó khăn, vướng mắc (nếu có).",
        author=committee,
    )
    quarter.units.set([units["X23341"], units["X23365"]])
    log(f"Ý kiến chỉ đạo minh họa về {period.label}: 2 (1 đã có trả lời).")
    return 2
