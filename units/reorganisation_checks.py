"""Checking a reorganisation file against the database, row by row.

Every problem names its line, in Vietnamese; the caller writes nothing unless the list
is empty. Checks that need the quarters (a locked quarter, reports after the closing
day) live above this layer and come in as ``guard``.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from units.models import CommuneType, Level, OutsideFormer, Reorganisation, Unit, UnitLineage
from units.reorganisation_file import ACTIONS, REMOTE_VALUES, Plan, line_error, parse_reports_from, parse_share


def _find_cycle(edges: list[tuple[str, str, int | None]]) -> int | None:
    """The line of a link that closes a cycle old → … → old, or None."""
    graph = defaultdict(list)
    for old, new, line in edges:
        graph[old].append((new, line))
    state = {}

    def visit(node):
        state[node] = "open"
        for nxt, line in graph[node]:
            if state.get(nxt) == "open":
                return line or 0
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        state[node] = "done"
        return None

    for node in list(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def _check_open(plan: Plan, row, err, *, existing, opened, closed) -> None:
    code = row["code"]
    if code in existing or code in opened:
        err(row, _("mã “%(code)s” đã có, không mở lại được."), code=code)
    if not row["name"]:
        err(row, _("thiếu tên đơn vị “%(code)s”."), code=code)
    # A province opens only as a root (a merger of provinces opens one).
    if row["level"] not in Level.values or (row["level"] == Level.PROVINCE and row["parent_code"]):
        err(row, _("cấp “%(level)s” không hợp lệ."), level=row["level"])
    parent = row["parent_code"]
    if parent and parent not in opened and (parent not in existing or parent in closed):
        err(row, _("không tìm thấy đơn vị cấp trên “%(code)s” còn hoạt động."), code=parent)
    if row["commune_type"] and row["commune_type"] not in CommuneType.values:
        err(row, _("loại xã “%(t)s” không hợp lệ."), t=row["commune_type"])
    if row["official_code"] and not row["official_code"].isdigit():
        err(row, _("mã đơn vị hành chính “%(c)s” phải là chữ số."), c=row["official_code"])
    if row["sort_order"] and not row["sort_order"].isdigit():
        err(row, _("thứ tự “%(s)s” phải là số."), s=row["sort_order"])
    if not plan.attributes:
        return
    # A file with the attribute columns states them for every unit it opens: the pages
    # and the briefing read them (a commune's type, whether it is remote).
    if row["level"] == Level.COMMUNE and not row["commune_type"]:
        err(row, _("thiếu loại đơn vị cấp xã (commune_type) của “%(code)s”."), code=code)
    if row["is_remote"] not in REMOTE_VALUES:
        err(row, _("vùng sâu, vùng xa (is_remote) “%(v)s” phải là 0 hoặc 1."), v=row["is_remote"])
    elif REMOTE_VALUES[row["is_remote"]] and row["level"] != Level.COMMUNE:
        err(row, _("chỉ đơn vị cấp xã mới là xã vùng sâu, vùng xa (is_remote)."))
    try:
        reports_from = parse_reports_from(row["reports_from"])
    except ValueError:
        err(
            row,
            _("ngày bắt đầu báo cáo (reports_from) “%(v)s” phải là ngày đầu quý, YYYY-MM-DD."),
            v=row["reports_from"],
        )
    else:
        if reports_from is not None and reports_from < plan.effective_date:
            err(row, _("ngày bắt đầu báo cáo (reports_from) trước ngày hiệu lực."))


def _check_outside(rows, err, *, active, opened, closed) -> None:
    """Outside formers: named, of a unit that is open after the change, each once."""
    seen = {}
    recorded = set(OutsideFormer.objects.values_list("successor__code", "name"))
    for row in rows:
        code, name = row["code"], row["name"]
        if code not in opened and (code not in active or code in closed):
            err(row, _("không tìm thấy đơn vị mới “%(code)s” còn hoạt động."), code=code)
        if not name:
            err(row, _("thiếu tên đơn vị cũ của “%(code)s”."), code=code)
        elif (code, name) in seen:
            err(row, _("đơn vị cũ “%(n)s” của “%(code)s” lặp lại dòng %(l)d."), n=name, code=code, l=seen[(code, name)])
        elif (code, name) in recorded:
            err(row, _("đơn vị cũ “%(n)s” của “%(code)s” đã được ghi."), n=name, code=code)
        seen.setdefault((code, name), row.line)
        if row["official_code"] and not row["official_code"].isdigit():
            err(row, _("mã đơn vị hành chính “%(c)s” phải là chữ số."), c=row["official_code"])


def reorganisation_check(plan: Plan, *, guard=None) -> list[str]:
    """Every problem of ``plan`` against the database, each naming its line (empty: it
    can be applied). ``guard(plan, closed_units)`` adds the checks of higher layers."""
    errors = []

    def err(row, message, **params):
        errors.append(line_error(row.line, message % params if params else message))

    done = Reorganisation.objects.filter(checksum=plan.checksum).first() if plan.checksum else None
    if done is not None:
        return [_("Tệp này đã được áp dụng ngày %(d)s.") % {"d": f"{done.applied_at:%d/%m/%Y}"}]
    if plan.after and not Reorganisation.objects.filter(source=plan.after).exists():
        return [_("Tệp này áp dụng sau tệp %(f)s; hãy áp dụng tệp đó trước.") % {"f": plan.after}]
    existing = {u.code: u for u in Unit.objects.all()}
    day = plan.effective_date
    opened, closed, shares, pairs = {}, {}, defaultdict(list), set()
    for row in plan.rows:
        code = row["code"]
        if row.action not in ACTIONS:
            err(row, _("thao tác “%(a)s” không hợp lệ (%(all)s)."), a=row.action, all=", ".join(ACTIONS))
        elif not code:
            err(row, _("thiếu mã đơn vị."))
        elif row.action == "open":
            _check_open(plan, row, err, existing=existing, opened=opened, closed=closed)
            opened[code] = row
        elif row.action == "outside_former":
            continue  # checked once every unit the file opens is known
        elif code not in existing:
            err(row, _("không tìm thấy đơn vị “%(code)s”."), code=code)
        elif row.action == "close":
            unit = existing[code]
            if code in closed:
                err(row, _("đơn vị “%(code)s” bị đóng hai lần trong tệp."), code=code)
            elif unit.active_to is not None and unit.active_to < day:
                ended = f"{unit.active_to:%d/%m/%Y}"
                err(row, _("đơn vị “%(code)s” đã chấm dứt hoạt động từ %(d)s."), code=code, d=ended)
            elif unit.active_from is not None and unit.active_from >= day:
                err(row, _("đơn vị “%(code)s” bắt đầu hoạt động sau ngày hiệu lực."), code=code)
            closed[code] = row
        else:
            target = row["successor_code"]
            if target not in existing and target not in opened:
                err(row, _("không tìm thấy đơn vị mới “%(code)s”."), code=target)
            elif row.action == "link":
                share = parse_share(row["share"])
                if share is None:
                    err(row, _("tỷ lệ “%(s)s” phải lớn hơn 0 và không quá 1."), s=row["share"])
                elif (code, target) in pairs:
                    err(row, _("liên kết “%(a)s” → “%(b)s” lặp lại."), a=code, b=target)
                else:
                    shares[code].append((row, share))
                    pairs.add((code, target))
    # Links are checked once the whole file is known (a close may come after its link).
    for code, links in shares.items():
        if code not in closed:
            err(links[0][0], _("đơn vị cũ “%(code)s” phải được đóng trong cùng tệp."), code=code)
        total = sum(share for _row, share in links)
        if total != 1:
            err(links[0][0], _("tổng tỷ lệ của “%(code)s” là %(t)s, phải bằng 1."), code=code, t=f"{total.normalize()}")
        for row, _share in links:
            if row["successor_code"] in closed:
                err(row, _("đơn vị mới “%(code)s” lại bị đóng trong cùng tệp."), code=row["successor_code"])
    edges = [(a, b, None) for a, b in UnitLineage.objects.values_list("predecessor__code", "successor__code")]
    edges += [(row["code"], row["successor_code"], row.line) for row in plan.of("link")]
    if (line := _find_cycle(edges)) is not None:
        errors.append(line_error(line, _("liên kết tạo thành vòng lặp (đơn vị kế thừa chính nó).")))
    active = {u.code: u for u in Unit.objects.active_on(day).select_related("parent")}
    _check_outside(plan.of("outside_former"), err, active=active, opened=opened, closed=closed)
    children = defaultdict(list)
    for unit in active.values():
        if unit.parent is not None:
            children[unit.parent.code].append(unit.code)
    for code, row in closed.items():
        left = [c for c in children[code] if c not in closed]
        if left:
            err(row, _("đơn vị “%(code)s” còn đơn vị trực thuộc hoạt động: %(left)s."), code=code, left=", ".join(left))
    taken = {u.official_code: u.code for u in active.values() if u.official_code}
    for code, row in opened.items():
        other = taken.get(row["official_code"])
        if row["official_code"] and other is not None and other not in closed:
            err(row, _("mã đơn vị hành chính “%(c)s” đang dùng cho “%(o)s”."), c=row["official_code"], o=other)
        taken.setdefault(row["official_code"], code)
    if guard is not None and not errors:
        errors += guard(plan, [existing[code] for code in closed])
    return errors
