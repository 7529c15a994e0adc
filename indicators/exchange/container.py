"""What an uploaded .xlsx is before any of it is parsed: a zip of bounded size once
unpacked, not encrypted, without macros.

An .xlsx is a zip of XML files. Its compressed size says nothing about what parsing
costs: a 366 KB template of 3 million empty rows took a worker 49 s and 3.3 GB
(issue 24). The zip's directory gives every member's unpacked size without unpacking
anything, so a file is refused on its sizes first; the readers then parse it read-only
and stop at the rows they need (``workbook.read_template``, ``longformat.read_xlsx``).
"""

import io
import zipfile

from django.utils.translation import gettext as _

from indicators.numbers import format_number

# An encrypted workbook (a password set in Excel) and the old .xls are not zips but
# OLE compound files, which start with these bytes.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_MEMBERS = 200
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")


class ContainerError(ValueError):
    """The upload is not a usable .xlsx; the message says why, in Vietnamese."""


def check_xlsx(content: bytes, *, max_unpacked: int) -> None:
    """Raise ContainerError unless ``content`` is a plain (no macro, no password) .xlsx
    whose members unpack to at most ``max_unpacked`` bytes in all."""
    if content.startswith(OLE_SIGNATURE):
        raise ContainerError(
            _(
                "Tệp có đặt mật khẩu hoặc là định dạng Excel cũ (.xls). Hãy mở tệp, bỏ mật khẩu và lưu "
                "thành “Excel Workbook (.xlsx)”."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ContainerError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ (tệp hỏng hoặc không đầy đủ).")) from None
    if not members or len(members) > MAX_MEMBERS:
        raise ContainerError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ."))
    if any(member.flag_bits & 0x1 for member in members):
        raise ContainerError(_("Tệp có đặt mật khẩu. Hãy bỏ mật khẩu rồi lưu lại thành .xlsx."))
    if any(member.filename.lower().rsplit("/", 1)[-1] in MACRO_PARTS for member in members):
        raise ContainerError(_("Tệp có macro (.xlsm). Cổng không nhận macro: hãy lưu thành “Excel Workbook (.xlsx)”."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked:
        raise ContainerError(
            _("Tệp giải nén ra %(size)s MB, quá mức cổng nhận (%(limit)s MB). Hãy dùng biểu mẫu tải từ cổng.")
            % {"size": format_number(unpacked / 2**20, 1), "limit": format_number(max_unpacked / 2**20, 1)}
        )
