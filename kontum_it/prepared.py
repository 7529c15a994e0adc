"""The hottest read queries, with the SQL the ORM writes compiled once per process.

Profiling the report form (bench/form_profile.py, issue 10) showed where a form request's
CPU goes: about half of it is the ORM turning querysets into SQL — building the Query,
resolving lookups, compiling — for the same eight small statements on every request
(~0.5 ms each against ~0.06 ms for executing one). Their shape never changes, only the
unit code, the quarter or the report id.

A :class:`Prepared` query is written as an ordinary queryset (so it keeps the ORM's
meaning: managers, ``Q`` objects, the model's default ordering, the backend's quoting).
The first call on a database builds it with marker values, asks the compiler for its
SQL and remembers where each marker went; every later call executes that SQL with the
real values on Django's own cursor (so query counting, transactions and the database
routers behave as for any query) and passes the rows through the compiler's converters
(SQLite returns dates as text, for instance). The result is the queryset's rows, or
model instances built by ``Model.from_db`` as a queryset would build them.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

# Markers only have to differ from the query's own constants (statuses, levels: text).
# Numbers stay within a small integer's range: Django compiles a lookup whose value is
# out of its field's range to an empty result instead of SQL.
_TEXT_MARK = "\x1fprepared-{}\x1f"
_NUMBER_MARK = 30_011


def _marker(kind: type, index: int):
    return _TEXT_MARK.format(index) if kind is str else _NUMBER_MARK + index


class Prepared:
    """``build(**arguments)`` returns a ``values_list`` queryset of ``model`` (whose
    database the routers choose, as for the queryset itself). For
    :meth:`instances`, the values list must name the model's concrete fields by
    attname (:func:`model_fields`).

    ``arguments`` maps each argument's name to its type (``str`` or ``int``): markers of
    that type stand in for them while the SQL is compiled.
    """

    def __init__(self, build: Callable[..., QuerySet], *, model: type[Model], arguments: dict[str, type]):
        self.build = build
        self.model = model
        self.arguments = arguments
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> tuple:
        markers = {name: _marker(kind, i) for i, (name, kind) in enumerate(self.arguments.items())}
        queryset = self.build(**markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_marker = {value: name for name, value in markers.items()}
        # Each parameter is either one of the arguments (its name) or a constant of the
        # query (kept as compiled, e.g. the statuses a report must have).
        slots = [(True, by_marker[p]) if _is_marker(p, by_marker) else (False, p) for p in params]
        missing = set(self.arguments) - {name for is_argument, name in slots if is_argument}
        if missing:
            raise ValueError(f"arguments not found in the compiled query: {sorted(missing)}")
        # The converters of the selected columns, as results_iter finds them (a third of
        # a run's CPU when found again on every run).
        converters = compiler.get_converters([s[0] for s in compiler.select[0 : compiler.col_count]])
        return sql, slots, compiler, list(queryset.query.values_select), converters

    def _compiled_for(self, alias: str) -> tuple:
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        return compiled

    def alias(self) -> str:
        """The database the routers choose for reading ``model`` now."""
        return router.db_for_read(self.model)

    def rows(self, **arguments: Any) -> list[tuple]:
        """The queryset's rows (tuples, converted as the ORM converts them)."""
        return self._run(self.alias(), arguments)

    def _run(self, alias: str, arguments: dict) -> list[tuple]:
        sql, slots, compiler, _fields, converters = self._compiled_for(alias)
        params = [arguments[value] if is_argument else value for is_argument, value in slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in fetched]
        return list(map(tuple, compiler.apply_converters(fetched, converters)))

    def instances(self, **arguments: Any) -> list[Model]:
        """The rows as instances of ``model``, loaded as the ORM loads them."""
        alias = self.alias()
        rows = self._run(alias, arguments)
        fields = self._compiled_for(alias)[3]
        return [self.model.from_db(alias, fields, row) for row in rows]


def _is_marker(value, by_marker: dict) -> bool:
    # Compare by type as well: the number marker must not match an equal float or bool.
    return type(value) in (str, int) and value in by_marker


def model_fields(model: type[Model]) -> list[str]:
    """The attnames of ``model``'s concrete fields: what ``values_list`` must select for
    :meth:`Prepared.instances`."""
    return [field.attname for field in model._meta.concrete_fields]
