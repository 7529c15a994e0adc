"""Safe arithmetic expressions over data element codes.

Catalogue expressions such as ``computers_internet`` or ``(it_staff_dedicated > 0)``
are parsed with :mod:`ast` and evaluated by walking a whitelist of node types; nothing
is ever passed to ``eval``. Evaluation is vectorised: every name maps to a NumPy array
(one entry per unit) or a scalar, and the result has the same shape.

Grammar: numbers, element codes, ``+ - * /``, unary ``-``, comparisons
(``< <= > >= == !=``, giving 1 or 0), ``and``/``or``/``not`` and ``min(...)``/
``max(...)``, with parentheses. Division by zero gives 0 so one empty unit cannot
poison a province total.
"""

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

MAX_LENGTH = 300
MAX_NODES = 120


class ExpressionError(ValueError):
    """The text is not a valid catalogue expression; the message is for the user."""


_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
}
_COMPARE = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_FUNCTIONS = {"min": np.minimum, "max": np.maximum}


def _divide(left, right):
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.true_divide(left, right)
    return np.where(np.isfinite(result), result, 0.0)


def _as_float(value):
    return np.asarray(value, dtype=float)


@dataclass(frozen=True)
class Expression:
    """A parsed, validated expression. ``names`` are the element codes it reads."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Any]) -> np.ndarray:
        """Evaluate with ``values`` mapping each name to an array or a number.

        Returns a float array (0-d for scalar inputs). Missing names raise KeyError.
        """
        return _as_float(self._eval(self.tree.body, values))

    def _eval(self, node, values):
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return _as_float(values[node.id])
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left, values), self._eval(node.right, values)
            if isinstance(node.op, ast.Div):
                return _divide(left, right)
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, values)
            if isinstance(node.op, ast.Not):
                return np.logical_not(operand).astype(float)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Compare):
            result = None
            left = self._eval(node.left, values)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comparator, values)
                part = _COMPARE[type(op)](left, right)
                result = part if result is None else np.logical_and(result, part)
                left = right
            return _as_float(result)
        if isinstance(node, ast.BoolOp):
            parts = [np.asarray(self._eval(v, values), dtype=bool) for v in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            result = parts[0]
            for part in parts[1:]:
                result = combine(result, part)
            return _as_float(result)
        if isinstance(node, ast.Call):
            args = [self._eval(a, values) for a in node.args]
            function = _FUNCTIONS[node.func.id]
            result = args[0]
            for arg in args[1:]:
                result = function(result, arg)
            return result
        raise ExpressionError(_("Biểu thức có thành phần không được phép."))  # unreachable after parsing


_ALLOWED_NODES = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.BoolOp,
    ast.Call,
    ast.And,
    ast.Or,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Div,
    *_BINARY,
    *_COMPARE,
)


def parse_expression(text: str, *, known_codes: Iterable[str] | None = None) -> Expression:
    """Parse ``text`` into an :class:`Expression`.

    With ``known_codes``, every name must be one of them. Raises ExpressionError with a
    Vietnamese message for anything outside the grammar, however hostile.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(_("Biểu thức không được để trống."))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("Biểu thức dài quá %(max)d ký tự.") % {"max": MAX_LENGTH})
    if "\x00" in text:
        raise ExpressionError(_("Biểu thức chứa ký tự không hợp lệ."))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExpressionError(_("Biểu thức sai cú pháp: “%(text)s”.") % {"text": text}) from None

    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(_("Biểu thức quá phức tạp."))
    names = set()
    for node in nodes:
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(
                _("Biểu thức có thành phần không được phép: %(part)s.") % {"part": type(node).__name__}
            )
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise ExpressionError(_("Biểu thức chỉ được chứa số, không được chứa “%(value)s”.") % {"value": node.value})
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords or not node.args:
                raise ExpressionError(_("Chỉ được dùng các hàm min(...) và max(...)."))
        elif isinstance(node, ast.Name):
            names.add(node.id)
    names -= {n.func.id for n in nodes if isinstance(n, ast.Call)}
    if known_codes is not None:
        unknown = sorted(names - set(known_codes))
        if unknown:
            raise ExpressionError(_("Mã chỉ tiêu không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)})
    return Expression(text=text.strip(), tree=tree, names=frozenset(names))
