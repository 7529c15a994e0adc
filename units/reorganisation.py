"""A reorganisation as data: read a file, check it row by row, apply it all at once.

The file is CSV with ``#`` header lines (``# name:``, ``# legal_basis:``,
``# effective_date: YYYY-MM-DD``; other ``#`` lines are comments) and one row per step:

- ``open``: a new unit (code, name, short_name, level, parent_code, commune_type,
  official_code, sort_order), active from the effective date;
- ``close``: a unit (code) that stops the day before;
- ``link``: old unit (code) → new unit (successor_code) with ``share`` (1 unless split;
  the shares of one old unit sum to 1);
- ``members``: also give the users of unit ``code`` their roles at ``successor_code``
  (a closed unit's users follow its largest successor without such a row).

Every problem is reported with its line, in Vietnamese, and nothing is written unless
there are none. Checks that need the quarters (a locked quarter, reports after the
closing day) live above this layer and come in as ``guard``.
"""

import csv
import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from access.models import AccessKind
from access.services import access_record
from units.models import (
    CommuneType,
    Level,
    Membership,
    Reorganisation,
    ReorganisationStep,
    Unit,
    UnitChange,
    UnitLineage,
)

FILE_COLUMNS = [
    "action",
    "code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "commune_type",
    "official_code",
    "successor_code",
    "share",
    "sort_order",
]
ACTIONS = ("open", "close", "link", "members")
DATA = Path(__file__).resolve().parent / "data"
# Named sources: ``apply_reorganisation 2025-07`` reads the file generated from
# vietnamadminunits (see generate_reorganisation_data).
NAMED_SOURCES = {"2025-07": DATA / "reorganisation_2025_07.csv"}


@dataclass
class Row:
    line: int
    action: str
    values: dict

    def __getitem__(self, key):
        return (self.values.get(key) or "").strip()


@dataclass
class Plan:
    """A file read, not yet checked against the database."""

    name: str = ""
    legal_basis: str = ""
    effective_date: datetime.date | None = None
    source: str = ""
    checksum: str = ""
    rows: list[Row] = field(default_factory=list)

    def of(self, action: str) -> list[Row]:
        return [row for row in self.rows if row.action == action]

    @property
    def closing_day(self) -> datetime.date:
        return self.effective_date - datetime.timedelta(days=1)


class ReorganisationError(ValueError):
    """The file is refused; ``errors`` lists every problem, each naming its line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def line_error(line: int | None, message: str) -> str:
    return _("Dòng %(line)d: %(message)s") % {"line": line, "message": message} if line else message


def reorganisation_read(*, path: Path) -> Plan:
    """Read a reorganisation file (see the module's docstring) into a Plan. Raises
    ReorganisationError when the header or the columns are wrong."""
    raw = path.read_bytes()
    plan = Plan(source=path.name, checksum=hashlib.sha256(raw).hexdigest())
    lines = raw.decode("utf-8-sig").splitlines()
    errors, body = [], []
    for number, text in enumerate(lines, start=1):
        if text.startswith("#"):
            key, sep, value = text[1:].partition(":")
            key, value = key.strip(), value.strip()
            if sep and key == "name":
                plan.name = value
            elif sep and key == "legal_basis":
                plan.legal_basis = value
            elif sep and key == "effective_date":
                try:
                    plan.effective_date = datetime.date.fromisoformat(value)
                except ValueError:
                    errors.append(line_error(number, _("ngày hiệu lực “%(v)s” không hợp lệ.") % {"v": value}))
        elif text.strip():
            body.append((number, text))
    if not plan.name:
        errors.append(_("Thiếu dòng tiêu đề “# name: …” (tên đợt sắp xếp)."))
    if plan.effective_date is None and not errors:
        errors.append(_("Thiếu dòng tiêu đề “# effective_date: YYYY-MM-DD” (ngày hiệu lực)."))
    if not body:
        errors.append(_("Tệp không có dòng nào."))
    if errors:
        raise ReorganisationError(errors)
    header_line, header = body[0]
    reader = csv.DictReader([text for _number, text in body])
    missing = set(FILE_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ReorganisationError(
            [line_error(header_line, _("thiếu cột: %(cols)s") % {"cols": ", ".join(sorted(missing))})]
        )
    for (number, _text), values in zip(body[1:], reader, strict=True):
        plan.rows.append(Row(number, (values.get("action") or "").strip().lower(), values))
    return plan


def _parse_share(text: str) -> Decimal | None:
    try:
        share = Decimal(text.replace(",", ".")) if text else Decimal(1)
    except InvalidOperation:
        return None
    return share if Decimal(0) < share <= Decimal(1) else None


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


def reorganisation_check(plan: Plan, *, guard=None) -> list[str]:
    """Every problem of ``plan`` against the database, each naming its line (empty: it
    can be applied). ``guard(plan, closed_units)`` adds the checks of higher layers."""
    errors = []

    def err(row, message, **params):
        errors.append(line_error(row.line, message % params if params else message))

    done = Reorganisation.objects.filter(checksum=plan.checksum).first() if plan.checksum else None
    if done is not None:
        return [_("Tệp này đã được áp dụng ngày %(d)s.") % {"d": f"{done.applied_at:%d/%m/%Y}"}]
    existing = {u.code: u for u in Unit.objects.all()}
    day = plan.effective_date
    opened, closed, shares, pairs = {}, {}, defaultdict(list), set()
    for row in plan.rows:
        code = row["code"]
        if row.action not in ACTIONS:
            err(row, _("thao tác “%(a)s” không hợp lệ (open, close, link, members)."), a=row.action)
        elif not code:
            err(row, _("thiếu mã đơn vị."))
        elif row.action == "open":
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
            opened[code] = row
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
                share = _parse_share(row["share"])
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
    children = defaultdict(list)
    for unit in Unit.objects.active_on(day).exclude(parent=None).select_related("parent"):
        children[unit.parent.code].append(unit.code)
    for code, row in closed.items():
        left = [c for c in children[code] if c not in closed]
        if left:
            err(row, _("đơn vị “%(code)s” còn đơn vị trực thuộc hoạt động: %(left)s."), code=code, left=", ".join(left))
    taken = {u.official_code: u.code for u in Unit.objects.active_on(day).exclude(official_code="")}
    for code, row in opened.items():
        other = taken.get(row["official_code"])
        if row["official_code"] and other is not None and other not in closed:
            err(row, _("mã đơn vị hành chính “%(c)s” đang dùng cho “%(o)s”."), c=row["official_code"], o=other)
        taken.setdefault(row["official_code"], code)
    if guard is not None and not errors:
        errors += guard(plan, [existing[code] for code in closed])
    return errors


@dataclass
class Outcome:
    reorganisation: Reorganisation | None
    opened: list[str]
    closed: list[str]
    links: list[tuple[str, str, Decimal]]
    memberships: int = 0


def _outcome(plan: Plan) -> Outcome:
    return Outcome(
        reorganisation=None,
        opened=[row["code"] for row in plan.of("open")],
        closed=[row["code"] for row in plan.of("close")],
        links=[(row["code"], row["successor_code"], _parse_share(row["share"])) for row in plan.of("link")],
    )


def reorganisation_preview(*, plan: Plan, guard=None) -> Outcome:
    """What applying ``plan`` would do, without writing anything; raises
    ReorganisationError like ``reorganisation_apply``."""
    errors = reorganisation_check(plan, guard=guard)
    if errors:
        raise ReorganisationError(errors)
    return _outcome(plan)


@transaction.atomic
def reorganisation_apply(*, plan: Plan, user=None, guard=None) -> Outcome:
    """Apply ``plan`` all or nothing: open, close, link, give memberships to successors,
    and record the Reorganisation (who, when, which file). Raises ReorganisationError."""
    # Checked inside the transaction, with the units locked, so two admins applying
    # files at once cannot both pass the checks.
    list(Unit.objects.select_for_update().values_list("id", flat=True))
    errors = reorganisation_check(plan, guard=guard)
    if errors:
        raise ReorganisationError(errors)
    outcome = _outcome(plan)
    reorganisation = Reorganisation.objects.create(
        name=plan.name,
        legal_basis=plan.legal_basis,
        effective_date=plan.effective_date,
        source=plan.source,
        checksum=plan.checksum,
        applied_by=user,
    )
    outcome.reorganisation = reorganisation
    units = {u.code: u for u in Unit.objects.all()}
    steps = []
    for row in plan.of("open"):
        unit = Unit.objects.create(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            level=row["level"],
            parent=units.get(row["parent_code"]),
            commune_type=row["commune_type"],
            official_code=row["official_code"],
            sort_order=int(row["sort_order"] or 0),
            active_from=plan.effective_date,
        )
        units[unit.code] = unit
        steps.append(ReorganisationStep(reorganisation=reorganisation, unit=unit, change=UnitChange.OPENED))
    closing = [units[row["code"]] for row in plan.of("close")]
    Unit.objects.filter(pk__in=[u.pk for u in closing]).update(active_to=plan.closing_day)
    steps += [ReorganisationStep(reorganisation=reorganisation, unit=u, change=UnitChange.CLOSED) for u in closing]
    ReorganisationStep.objects.bulk_create(steps)
    UnitLineage.objects.bulk_create(
        UnitLineage(reorganisation=reorganisation, predecessor=units[old], successor=units[new], share=share)
        for old, new, share in outcome.links
    )
    # Users follow their unit: explicit ``members`` rows, else the largest successor.
    moves = {row["code"]: row["successor_code"] for row in plan.of("members")}
    for old, new, _share in sorted(outcome.links, key=lambda link: -link[2]):
        moves.setdefault(old, new)
    for old, new in moves.items():
        for membership in Membership.objects.filter(unit=units[old]):
            _obj, created = Membership.objects.get_or_create(
                user_id=membership.user_id,
                unit=units[new],
                role=membership.role,
                defaults={"covers_subtree": membership.covers_subtree},
            )
            outcome.memberships += created
    access_record(
        kind=AccessKind.REORGANISATION,
        user=user,
        detail=f"{plan.name} ({plan.effective_date:%d/%m/%Y}), {plan.source} sha256 {plan.checksum[:12]}: "
        f"{len(outcome.closed)} closed, {len(outcome.opened)} opened, {len(outcome.links)} links",
    )
    return outcome
