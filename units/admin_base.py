"""What the admin pages of rows written elsewhere share (audit trails, applied files,
logs written by commands and audited services): read here, never added or changed."""


class ViewOnly:
    """Mix into a ModelAdmin or an inline before it. ``deletable``: an admin may still
    remove rows (a stale reminder, a finished import job); audit rows never."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
