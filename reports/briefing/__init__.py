"""The meeting briefing: a PDF report for the Steering Committee's sessions, in the
format of Nghị định 30/2020/NĐ-CP.

``content`` reads the figures (same selectors, aggregation, presentation and charts as
the dashboards) and phrases them; ``render`` turns the result into a PDF with WeasyPrint,
the charts drawn as vector SVG by kaleido and Chromium; ``views`` and the ``briefing``
management command are the two ways to ask for it.
"""
