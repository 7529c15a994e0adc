"""Append-only models: a row, once written, is never changed or deleted through the ORM
(the audit trail and the access log). On PostgreSQL a trigger refuses it in the database
as well (each model's migration)."""

from django.db import models


class AppendOnlyError(Exception):
    """A row of an append-only model was to be changed or deleted."""


def _refuse(model) -> None:
    raise AppendOnlyError(f"{model._meta.label} rows are append-only")


class AppendOnlyQuerySet(models.QuerySet):
    # Bulk writes bypass save()/delete(), so they are refused here as well.
    def update(self, **kwargs):
        _refuse(self.model)

    def delete(self):
        _refuse(self.model)

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self.model)


class AppendOnlyModel(models.Model):
    """Saving an existing row or deleting one raises :class:`AppendOnlyError`."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self))
