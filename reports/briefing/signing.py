"""The briefing's document number and signer: read for every briefing, written when an
admin exports one (they are typed once and then remembered)."""

import re
from dataclasses import dataclass

from django.db import transaction

from reports.models import BriefingSigning

NUMBER_SUFFIX = "/BC-BCĐ"
BLANK_NUMBER = "          " + NUMBER_SUFFIX  # room to write the number by hand


@dataclass(frozen=True)
class Signing:
    document_number: str = ""
    signer_role: str = "TM. BAN CHỈ ĐẠO"
    signer_title: str = "TRƯỞNG BAN"
    signer_name: str = ""

    @property
    def number(self) -> str:
        """ "12/BC-BCĐ"; a bare "12" gets the committee's suffix; blank leaves room."""
        number = self.document_number.strip()
        if not number:
            return BLANK_NUMBER
        return number + NUMBER_SUFFIX if re.fullmatch(r"\d+", number) else number


def stored_signing() -> Signing:
    row = BriefingSigning.objects.order_by("pk").first()
    if row is None:
        return Signing()
    return Signing(
        document_number=row.document_number,
        signer_role=row.signer_role,
        signer_title=row.signer_title,
        signer_name=row.signer_name,
    )


@transaction.atomic
def remember_signing(signing: Signing, *, user=None) -> None:
    """Store ``signing`` in the one row (made on first use, or in the admin)."""
    row = BriefingSigning.objects.select_for_update().order_by("pk").first() or BriefingSigning()
    row.document_number = signing.document_number.strip()
    row.signer_role = signing.signer_role.strip()
    row.signer_title = signing.signer_title.strip()
    row.signer_name = signing.signer_name.strip()
    row.updated_by = user if user is not None and user.is_authenticated else None
    row.save()
