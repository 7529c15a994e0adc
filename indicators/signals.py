"""Catalogue writes make every app node read the catalogue again (the form specs each
process keeps, ``indicators.form_specs``), whose version is read once per request. The
data version needs no receiver: the database moves it (``units.triggers``)."""

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators import form_specs
from indicators.models import DataElement, Indicator, ValidationRule


@receiver([post_save, post_delete], sender=DataElement)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=ValidationRule)
def catalogue_written(**kwargs):
    # At once (this transaction reads its own writes), and again after the commit:
    # another process may have cached the old rows in between.
    form_specs.catalogue_changed()
    transaction.on_commit(form_specs.catalogue_changed)


# The catalogue's version is read once per request (indicators.form_specs).
@receiver(request_started)
def catalogue_version_per_request(**kwargs):
    form_specs.request_started()


@receiver(request_finished)
def catalogue_version_read_again(**kwargs):
    form_specs.request_finished()
