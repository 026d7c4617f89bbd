# The queue's small hall serves the office's view too.
from tests.queueing.conftest import _live_memory_of_its_own, qhall  # noqa: F401
