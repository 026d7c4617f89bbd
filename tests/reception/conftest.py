# The cases' hall has service items and staff of two departments: questions need no more.
from tests.cases.conftest import chall  # noqa: F401
