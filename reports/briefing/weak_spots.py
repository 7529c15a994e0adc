"""Parts II and III of the briefing: the weak spots, named plainly ("nhìn thẳng vào
những mặt yếu kém"), what got worse since the comparison quarter, and the proposals
that follow from them. Who is weak and who got worse is decided by
``reports.aggregation`` (weak_spots, worsened_units), as on the dashboards."""

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.numbers import format_number, format_percent, fraction
from reports import aggregation, charts
from reports.briefing import phrases
from reports.briefing.claims import Claims, claims_of
from reports.briefing.document import Cell, Chart, Section, Table, TableRow
from reports.briefing.figures import REPORTING_LEVELS, Figures
from reports.vocab import capfirst


@dataclass
class WeakSpots:
    sections: list[Section]
    # Names of the weak provincial bodies and districts by indicator group, for part III.
    units_by_group: dict[str, list[str]] = field(default_factory=dict)
    communes_weak: bool = False
    claims: Claims = field(default_factory=Claims)


def weak_spots(data: Figures) -> WeakSpots:
    """Part II: units below an indicator's threshold (named), communes below it
    (counted, remote ones apart), units that got worse since the comparison quarter."""
    current = data.unit_summary[data.unit_summary["period"] == data.period.code]
    weak = aggregation.weak_spots(current, data.units, data.specs)
    reporting = weak[weak["level"].isin(REPORTING_LEVELS)]
    communes = weak[weak["level"] == "commune"]
    items, units_by_group = _reporting_items(data, reporting)
    words = data.words
    found = claims_of(data)
    sections = [
        Section(
            key="weak",
            number="1.",
            title=_("%(bodies)s có chỉ số dưới ngưỡng yêu cầu") % {"bodies": capfirst(words.bodies)},
            paragraphs=[_("Nhìn thẳng vào những mặt yếu kém, các đơn vị sau đây có chỉ số dưới ngưỡng yêu cầu:")]
            if items
            else [_("Không có %(bodies)s nào dưới ngưỡng yêu cầu.") % {"bodies": words.bodies}],
            items=items,
            chart=_weak_chart(data, reporting),
        ),
        Section(
            key="weak_communes",
            number="2.",
            title=capfirst(words.communes),
            # Only the concentrations the table's own rows bear out (``claims``).
            paragraphs=[found.commune_opening(words.communes)]
            if len(communes)
            else [_("Không có %(communes)s nào dưới ngưỡng yêu cầu.") % {"communes": words.communes}],
            table=_commune_table(data, communes),
        ),
        _worsened_section(data),
    ]
    return WeakSpots(sections=sections, units_by_group=units_by_group, communes_weak=bool(len(communes)), claims=found)


def _reporting_items(data: Figures, reporting: pd.DataFrame) -> tuple[list[str], dict[str, list[str]]]:
    """ "Chưa có tường lửa (7/30 đơn vị): Văn phòng UBND tỉnh, …" per indicator."""
    by_code, names = data.by_code, data.names()
    totals = {r.spec.code: r.get(data.headline) for r in data.rows}
    items, units_by_group = [], {}
    for code, found in reporting.groupby("indicator", sort=False):
        spec, figure = by_code[code], totals.get(code)
        unit_names = [names[u] for u in found["unit_id"]]
        items.append(
            _("%(label)s (%(count)s/%(total)s đơn vị): %(names)s.")
            % {
                "label": spec.weak_label or spec.name,
                "count": format_number(len(found)),
                "total": format_number(figure.counted if figure else len(found)),
                "names": ", ".join(unit_names),
            }
        )
        group = units_by_group.setdefault(spec.group, [])
        group += [n for n in unit_names if n not in group]
    return items, units_by_group


def _commune_table(data: Figures, communes: pd.DataFrame) -> Table | None:
    """Per indicator: communes below the threshold, their share, how many are remote."""
    if communes.empty:
        return None
    by_code = data.by_code
    totals = {r.spec.code: r.get("commune") for r in data.rows}
    # The remote column only when some commune of the quarter is flagged remote: a
    # column of zeros would tell nothing about the remote communes.
    remote = has_remote_communes(data)
    rows = []
    for code, found in communes.groupby("indicator", sort=False):
        spec, figure = by_code[code], totals.get(code)
        total = figure.counted if figure else len(found)
        cells = (
            Cell(f"{format_number(len(found))}/{format_number(total)}"),
            Cell(format_percent(fraction(len(found), total, factor=100))),
        )
        if remote:
            cells += (Cell(format_number(int(found["is_remote"].astype(bool).sum()))),)
        rows.append(TableRow(label=spec.weak_label or spec.name, cells=cells))
    header = (_("Mặt yếu"), _("Số xã"), _("Tỷ lệ"))
    return Table(
        caption=_("%(communes)s có chỉ số dưới ngưỡng, %(label)s")
        % {"communes": capfirst(data.words.communes), "label": data.period.label},
        header=header + ((_("Trong đó xã vùng sâu, vùng xa"),) if remote else ()),
        rows=tuple(rows),
        kind="communes",
    )


def has_remote_communes(data: Figures) -> bool:
    """Whether some commune of the quarter is flagged remote (vùng sâu, vùng xa)."""
    communes = data.units[data.units["level"] == "commune"]
    return bool(communes["is_remote"].fillna(False).astype(bool).any())


def _weak_chart(data: Figures, reporting: pd.DataFrame) -> Chart | None:
    """The dashboards' unit bar chart, threshold drawn, for the share on which most
    provincial bodies and districts fall short (a yes/no item would draw as
    all-or-nothing bars)."""
    shares = reporting[[not data.by_code[c].counts_units for c in reporting["indicator"]]]
    if shares.empty:
        return None
    spec = data.by_code[shares["indicator"].value_counts().idxmax()]
    units = data.units[data.units["level"].isin(REPORTING_LEVELS)]
    figure = charts.unit_bar_chart(data.unit_summary, units, spec, period=data.period.code, title="")
    caption = _("%(name)s của các %(bodies)s, %(label)s") % {
        "name": spec.name,
        "bodies": data.words.bodies,
        "label": data.period.label,
    }
    return Chart(key="weak", caption=caption, figure=figure)


def _worsened_section(data: Figures) -> Section:
    title = _("Chỉ số giảm so với kỳ trước")
    if data.compare is None:
        return Section(
            key="worse", number="3.", title=title, paragraphs=[_("Chưa có số liệu của kỳ trước để so sánh.")]
        )
    worse = aggregation.worsened_units(
        data.unit_summary, data.units, data.specs, period=data.period.code, previous=data.compare.code
    )
    by_code, names, items = data.by_code, data.names(), []
    for unit_id, found in worse[worse["level"].isin(REPORTING_LEVELS)].groupby("unit_id", sort=False):
        changes = [
            phrases.unit_change_text(by_code[r.indicator], r.previous_value, r.value, data.compare.label)
            for r in found.itertuples(index=False)
        ]
        items.append(f"{names[unit_id]}: {'; '.join(changes)}.")
    communes = worse[worse["level"] == "commune"]
    if len(communes):
        values = {
            "count": format_number(communes["unit_id"].nunique()),
            "communes": data.words.communes,
            "remote": format_number(communes.loc[communes["is_remote"].astype(bool), "unit_id"].nunique()),
        }
        items.append(
            _("Cấp xã: %(count)s %(communes)s có chỉ số giảm (trong đó %(remote)s xã vùng sâu, vùng xa).") % values
            if has_remote_communes(data)
            else _("Cấp xã: %(count)s %(communes)s có chỉ số giảm.") % values
        )
    label = data.compare.label
    # Only units with their own figures on the portal in both quarters can have got
    # worse: "nobody got worse" is not said where nobody could be compared.
    counted = set(data.units["unit_id"]) & data.data.counted
    comparable = counted & aggregation.counted_units(data.values, data.compare.code)
    if not comparable:
        paragraph = _(
            "Không đơn vị nào có số liệu riêng ở cả %(period)s và %(label)s (các đơn vị được thành lập hoặc báo cáo "
            "trên cổng sau đó): không so sánh được."
        ) % {"period": data.period.label, "label": label}
        return Section(key="worse", number="3.", title=title, paragraphs=[paragraph])
    paragraphs = [
        _("So với %(label)s, các đơn vị sau có chỉ số giảm:") % {"label": label}
        if items
        else _("So với %(label)s, không có đơn vị nào có chỉ số giảm.") % {"label": label}
    ]
    left_out = len(counted - comparable)
    if left_out:
        # Said first: the list that follows is of the compared units only.
        paragraphs.insert(
            0,
            ngettext(
                "So sánh chỉ tính %(n)s đơn vị có số liệu trên cổng ở cả hai quý; %(left)s đơn vị không so sánh "
                "được (chưa nộp quý trước, mới thành lập, hoặc mới báo cáo trên cổng).",
                "So sánh chỉ tính %(n)s đơn vị có số liệu trên cổng ở cả hai quý; %(left)s đơn vị không so sánh "
                "được (chưa nộp quý trước, mới thành lập, hoặc mới báo cáo trên cổng).",
                len(comparable),
            )
            % {"n": format_number(len(comparable)), "left": format_number(left_out)},
        )
    return Section(key="worse", number="3.", title=title, paragraphs=paragraphs, items=items)


def local_committees(data: Figures) -> str:
    """Who is addressed about the communes: "UBND các huyện, thành phố" while districts
    existed, since then the communes' own committees by the types in force ("UBND các
    xã, phường, đặc khu")."""
    if data.structure.has_districts:
        return data.words.local_committees
    return _("UBND các %(communes)s") % {"communes": data.words.communes}


def proposals(data: Figures, weak: WeakSpots) -> list[str]:
    """Part III: one proposal per indicator group with weak units, then the communes
    and the missing or late reports when there are any."""
    found = weak.claims
    templates = dict(phrases.PROPOSALS)
    if not (found.communes_weakest and found.remote_weakest):
        # "nhất là tại cấp xã và các xã vùng sâu, vùng xa" only as far as part II shows it.
        templates["human_resources"] = (
            phrases.PROPOSAL_STAFF_COMMUNES if found.communes_weakest else phrases.PROPOSAL_STAFF_PLAIN
        )
    items = [
        str(template).format(count=format_number(len(weak.units_by_group[group])))
        for group, template in templates.items()
        if weak.units_by_group.get(group)
    ]
    if weak.communes_weak:
        has_districts = data.structure.has_districts
        template = phrases.COMMUNE_PROPOSALS[(has_districts, found.remote_weakest)]
        items.append(str(template) % {"committees": local_committees(data)})
    if len(aggregation.report_problems(data.states)):
        items.append(str(phrases.PROPOSAL_REPORTS))
    return items or [_("Các đơn vị tiếp tục duy trì, nâng cao kết quả ứng dụng công nghệ thông tin.")]
