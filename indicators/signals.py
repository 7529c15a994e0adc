"""Catalogue writes make every app node read the catalogue again; every model edit
that changes a figure (admin, factories, ``save()``) bumps the data version."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from indicators import form_specs
from indicators.models import DataElement, IndexWeight, Indicator, Period, Report, ReportValue, ValidationRule
from units.versions import data_version_bump


@receiver([post_save, post_delete], sender=DataElement)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=ValidationRule)
def catalogue_written(**kwargs):
    # At once (this transaction reads its own writes), and again after the commit:
    # another process may have cached the old rows in between.
    form_specs.catalogue_changed()
    transaction.on_commit(form_specs.catalogue_changed)


@receiver([post_save, post_delete], sender=DataElement)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=Period)
@receiver([post_save, post_delete], sender=Report)
@receiver([post_save, post_delete], sender=ReportValue)
@receiver([post_save, post_delete], sender=IndexWeight)
def figures_written(**kwargs):
    # The services bump explicitly (their bulk writes send no signal); this catches
    # the admin's and other single-row saves.
    data_version_bump()
