"""The sign-in backend: Django's ModelBackend, with the user of a session read by SQL
compiled once per process (``kontum_it.prepared``).

``get_user`` runs on every request of a signed-in user, so its ~0.5 ms of query
building is paid on every page of the deadline rush. Everything else — passwords,
permissions, ``is_active`` — is ModelBackend's.

Sessions opened before this backend existed name ``ModelBackend``; it stays listed
after this one in ``AUTHENTICATION_BACKENDS`` so those sessions remain valid.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from kontum_it.prepared import Prepared, model_fields


def _user_by_id(pk):
    User = get_user_model()
    return User._default_manager.filter(pk=pk).values_list(*model_fields(User))


_USER = Prepared(_user_by_id, model=get_user_model(), arguments={"pk": int})


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        found = _USER.instances(pk=user_id)
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
