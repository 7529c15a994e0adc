"""A small province built with factories, for dashboard tests that must stay fast or
that grow the hierarchy to count queries."""

from indicators.models import ReportStatus
from tests.factories import PeriodFactory, UnitFactory, report_with_values
from units.models import Level

GOOD = {
    "staff_total": 20,
    "computers_total": 20,
    "computers_internet": 20,
    "has_lan": 1,
    "has_internet": 1,
    "has_firewall": 1,
    "has_antivirus": 1,
    "has_portal": 1,
    "has_edoc": 1,
    "uses_official_email": 1,
    "email_accounts": 20,
    "it_staff_dedicated": 1,
    "it_staff_parttime": 0,
    "servers": 2,
}
WEAK = GOOD | {
    "computers_total": 10,
    "computers_internet": 5,
    "has_firewall": 0,
    "uses_official_email": 0,
    "email_accounts": 0,
    "it_staff_dedicated": 0,
    "it_staff_parttime": 1,
}


class SmallProvince:
    """Province KT with departments S1.., district H1 and its communes X1.. (every
    second one remote), reports in 2016Q2 and 2016Q3 (approved)."""

    def __init__(self, *, departments=2, communes=2, values=GOOD):
        self.q2 = PeriodFactory(code="2016Q2")
        self.q3 = PeriodFactory(code="2016Q3")
        self.province = UnitFactory(code="KT", name="Tỉnh Kon Tum", level=Level.PROVINCE)
        self.district = UnitFactory(
            code="H1", name="UBND huyện Một", short_name="Huyện Một", level=Level.DISTRICT, parent=self.province
        )
        self.units = [self.district]
        self.add_departments(departments, values=values)
        self.add_communes(communes, values=values)
        for unit in self.units:
            for period in (self.q2, self.q3):
                report_with_values(unit=unit, period=period, values=values)

    def add_departments(self, n, *, values=GOOD, report=False):
        start = sum(u.level == Level.DEPARTMENT for u in self.units)
        made = [
            UnitFactory(
                code=f"S{i}", name=f"Sở số {i}", short_name=f"Sở {i}", level=Level.DEPARTMENT, parent=self.province
            )
            for i in range(start + 1, start + n + 1)
        ]
        self.units += made
        if report:
            self._report(made, values)
        return made

    def add_communes(self, n, *, values=GOOD, report=False):
        start = sum(u.level == Level.COMMUNE for u in self.units)
        made = [
            UnitFactory(
                code=f"X{i}",
                name=f"UBND xã Số {i}",
                short_name=f"Xã {i}",
                level=Level.COMMUNE,
                parent=self.district,
                is_remote=i % 2 == 0,
            )
            for i in range(start + 1, start + n + 1)
        ]
        self.units += made
        if report:
            self._report(made, values)
        return made

    def _report(self, units, values):
        for unit in units:
            for period in (self.q2, self.q3):
                report_with_values(unit=unit, period=period, values=values)

    def draft(self, unit, values, period=None):
        return report_with_values(unit=unit, period=period or self.q3, values=values, status=ReportStatus.DRAFT)
