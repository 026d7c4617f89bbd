# The queue's small hall: windows with a clerk, and tickets to stand at them.
from tests.queueing.conftest import _live_memory_of_its_own, qhall  # noqa: F401
