"""One pure builder per page: ``build(data: QuarterData, **choices) -> dict``.

No request and no ORM: a view chooses the quarter, loads it (``reports.quarter``),
runs the table filters, calls the builder, and renders the dict or exports its table.
The builders are tested on tiny hand-made frames.
"""
