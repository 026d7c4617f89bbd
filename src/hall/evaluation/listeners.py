"""What 好差评 does when other apps act (hall.core.events)."""

from __future__ import annotations

from hall.cases import selectors as cases
from hall.cases.events import CaseConcluded
from hall.core.events import listen
from hall.evaluation import services


@listen(CaseConcluded, in_transaction=True)
def invite_the_applicant_to_rate(event: CaseConcluded) -> None:
    """一事一评: the SMS goes with the conclusion (the outbox row commits with it)."""
    services.rating_invite(case=cases.case_by_id(event.case_id))
