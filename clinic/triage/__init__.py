"""Triage a patient's SMS reply into finding codes, a severity, a reason and its evidence.

Pure functions of the reply text, the prompt step it answers, its photo count and the
days since the procedure. Modules: ``red_flags`` and ``phrases`` (the tables a clinician
reads), ``normalise`` (Unicode, typos, Korean spacing), ``matching``, ``negation``,
``reading``, ``timing``, ``grading``, ``keywords`` and ``evaluate``.
"""

from clinic.triage.grading import Severity, Triage, triage_reply
from clinic.triage.keywords import Keyword, detect_keyword

__all__ = ["Keyword", "Severity", "Triage", "detect_keyword", "triage_reply"]
