"""Edits of units (admin, CSV import) give the data a new version (``units.versions``):
the pages cache their figures under it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from units.models import ReorganisationStep, Unit, UnitLineage
from units.versions import data_version_bump


# The pages keep the units and their lineage under the version that only such writes
# change (a report write changes its quarter's alone): a link edited in the admin must
# bump it too. apply_reorganisation's bulk writes send no signal and bump themselves.
@receiver([post_save, post_delete], sender=Unit)
@receiver([post_save, post_delete], sender=UnitLineage)
@receiver([post_save, post_delete], sender=ReorganisationStep)
def unit_written(**kwargs):
    data_version_bump()
