"""A reorganisation file: parsing and the format's constants (placeholder for step 2)."""

FILE_COLUMNS = [
    "action",
    "code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "commune_type",
    "official_code",
    "successor_code",
    "share",
    "sort_order",
]
