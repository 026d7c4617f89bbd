# The queue's small hall and its per-test live memory serve the ratings' tests too.
from tests.queueing.conftest import _live_memory_of_its_own, qhall  # noqa: F401
