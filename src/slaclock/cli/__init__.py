"""The ``slaclock`` command line: ``deadline``, ``explain``, ``calendar``, ``check``, ``report``.

Every command runs on a policy file (``--policy FILE``) or, without one, on the embedded
default policy (High 4h, Medium 12h, Low 24h, Monday to Friday 09:00-18:00 in
America/New_York, US-FL holidays), which ``--desk-tz``, ``--country``, ``--subdiv`` and
``--hours`` adjust. Errors go to standard error with a non-zero exit status.
"""

from .dispatch import main
from .policy_options import parse_hours_option

__all__ = ["main", "parse_hours_option"]
