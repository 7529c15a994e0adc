"""Edits of units (admin, CSV import) give the data a new version (``units.versions``):
the pages cache their figures under it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from units.models import Unit
from units.versions import data_version_bump


@receiver([post_save, post_delete], sender=Unit)
def unit_written(**kwargs):
    data_version_bump()
