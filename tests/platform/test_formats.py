"""Dates typed the Vietnamese way read as day/month/year in every form."""

import datetime

from django import forms
from django.utils import translation


class When(forms.Form):
    day = forms.DateField()


def test_a_date_typed_day_first_reads_as_day_first_in_vietnamese():
    with translation.override("vi"):
        form = When({"day": "09/12/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 9)
        assert When({"day": "2026-12-09"}).is_valid()  # the browsers' date input
        assert not When({"day": "31/02/2026"}).is_valid()
