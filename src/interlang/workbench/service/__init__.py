"""The workbench's rules, shared by the REST API and the web UI: one module per domain.

Every function takes a database session and the acting user, checks the user's role, changes
rows and raises a :mod:`interlang.workbench.errors` error (never an HTTP one), so the two front
ends behave identically. Commits happen here; a failed rule leaves the database unchanged.

The package re-exports every public name, so ``from interlang.workbench import service`` and
``service.create_text(...)`` work whichever module holds the rule.
"""

from __future__ import annotations

from interlang.workbench.service.activities import (
    create_activity,
    delete_activity,
    get_activity,
    list_activities,
    update_activity,
)
from interlang.workbench.service.agreement import agreement, assessment_table
from interlang.workbench.service.annotation import (
    annotation_view,
    assessments_of,
    blind_view,
    my_queue,
    submit_assessment,
    text_assessments,
)
from interlang.workbench.service.assignments import (
    assign,
    auto_assign,
    delete_assignment,
    list_assignments,
)
from interlang.workbench.service.common import (
    FILTERS,
    INHERITED,
    META_FIELDS,
    REVIEWERS,
    audit,
    aware,
    check_level,
    check_version,
    commit_versioned,
    fetch,
    filtered,
    get_text,
    require,
)
from interlang.workbench.service.records import (
    counts_by_status,
    iter_records,
    latest_predictions,
    stats,
    text_record,
)
from interlang.workbench.service.segments import segment_text, segments_of, set_segment_level
from interlang.workbench.service.texts import (
    analyse_into,
    compute_features,
    create_text,
    delete_text,
    list_texts,
    new_text,
    read_text,
    store_predictions,
    update_text,
)
from interlang.workbench.service.users import (
    authenticate,
    close_session,
    create_user,
    issue_token,
    list_users,
    open_session,
    revoke_token,
    session_for_cookie,
    update_user,
    user_for_token,
)
from interlang.workbench.service.workflow import audit_of, transition

__all__ = [
    "FILTERS",
    "INHERITED",
    "META_FIELDS",
    "REVIEWERS",
    "agreement",
    "analyse_into",
    "annotation_view",
    "assessment_table",
    "assessments_of",
    "assign",
    "audit",
    "audit_of",
    "authenticate",
    "auto_assign",
    "aware",
    "blind_view",
    "check_level",
    "check_version",
    "close_session",
    "commit_versioned",
    "compute_features",
    "counts_by_status",
    "create_activity",
    "create_text",
    "create_user",
    "delete_activity",
    "delete_assignment",
    "delete_text",
    "fetch",
    "filtered",
    "get_activity",
    "get_text",
    "issue_token",
    "iter_records",
    "latest_predictions",
    "list_activities",
    "list_assignments",
    "list_texts",
    "list_users",
    "my_queue",
    "new_text",
    "open_session",
    "read_text",
    "require",
    "revoke_token",
    "segment_text",
    "segments_of",
    "session_for_cookie",
    "set_segment_level",
    "stats",
    "store_predictions",
    "submit_assessment",
    "text_assessments",
    "text_record",
    "transition",
    "update_activity",
    "update_text",
    "update_user",
    "user_for_token",
]
