# The queue's small hall and its per-test live memory, and the cases' hall, serve the ratings'
# tests too.
from tests.cases.conftest import chall  # noqa: F401
from tests.queueing.conftest import _live_memory_of_its_own, qhall  # noqa: F401
