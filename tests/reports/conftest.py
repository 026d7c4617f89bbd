# The queue's small hall and the cases' hall serve the office's view too.
from tests.cases.conftest import chall  # noqa: F401
from tests.queueing.conftest import _live_memory_of_its_own, qhall  # noqa: F401
