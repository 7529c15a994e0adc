"""The 2026 catalogue in tests: apply the shipped revision file to the small world, and a
complete, valid 2026 report of a department."""

from indicators.catalogue_revision import NAMED_SOURCES, revision_read
from indicators.catalogue_revision_apply import revision_apply

RETIRED = {"computers_low_spec", "servers", "has_video_conference", "online_services_l34"}
# The 2016 elements still asked for, and the new ones an officer types.
GOOD_2026 = {
    "staff_total": 50,
    "it_staff_dedicated": 1,
    "it_staff_parttime": 1,
    "computers_total": 45,
    "computers_internet": 44,
    "has_lan": 1,
    "has_internet": 1,
    "has_specialized_network": 1,
    "has_firewall": 1,
    "has_antivirus": 1,
    "has_portal": 1,
    "has_edoc": 1,
    "uses_official_email": 1,
    "email_accounts": 30,
    "signature_certs": 40,
    "docs_outgoing": 200,
    "docs_signed": 190,
    "docs_interconnected": 180,
    "work_files_total": 120,
    "work_files_online": 110,
    "procedures_total": 50,
    "procedures_full_online": 30,
    "dossiers_total": 400,
    "dossiers_online": 300,
    "dossiers_digitised": 350,
    "dossiers_reused": 100,
    "portal_emc": 1,
    "has_dt_officer": 1,
    "staff_trained_digital": 20,
    "dt_plan_issued": 1,
    "dt_tasks_total": 10,
    "dt_tasks_done": 6,
}


def apply_2026(user):
    return revision_apply(plan=revision_read(path=NAMED_SOURCES["2026"]), user=user)
