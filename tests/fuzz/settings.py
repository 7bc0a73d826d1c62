"""Settings of the example site under API fuzzing: the end-to-end settings with the
public rate limits raised, because schemathesis sends hundreds of valid submissions
from one IP (and often one e-mail address) within a minute. The limits themselves
are tested in tests/matchmaking; here they would only turn every later case into a
429 and hide the behaviour behind it."""

from tests.e2e.settings import *  # noqa: F403
from tests.e2e.settings import WAGTAIL_DOENERS

_RAISED = 1_000_000

WAGTAIL_DOENERS = {
    **WAGTAIL_DOENERS,
    "MATCHMAKING": {
        **WAGTAIL_DOENERS.get("MATCHMAKING", {}),
        "RATE_LIMIT_PER_IP": _RAISED,
        "RATE_LIMIT_PER_EMAIL": _RAISED,
    },
}
