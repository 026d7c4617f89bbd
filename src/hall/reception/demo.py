"""The demo's questions: one answered at the desk and shown in the guide, one handed over."""

from __future__ import annotations

from hall.core.demo import demo_step
from hall.core.models import Hall, User
from hall.reception import services
from hall.reception.models import Question


@demo_step(order=65)
def seed_questions(hall: Hall) -> None:
    """Idempotent: a hall that already has questions is left as it is."""
    desk = User.objects.filter(username="daofu", hall=hall).first()
    window = User.objects.filter(username="chuangkou", hall=hall).first()
    if desk is None or window is None or Question.objects.filter(hall=hall).exists():
        return
    answered = services.question_record(
        hall=hall,
        actor=desk,
        text="个人所得税纳税记录在哪里开？要带什么？",
        channel="desk",
        item_code="individual-tax-proof",
        answer="带本人身份证到 B 区税务窗口或自助区办理，当场打印。",
        minutes=2,
    )
    office = User.objects.filter(username="guanli").first()
    if office is not None:
        services.question_in_guide(question=answered, actor=office, shown=True)
    handed = services.question_record(
        hall=hall, actor=desk, text="外省户口迁入本区需要准备哪些材料？", channel="phone"
    )
    services.question_hand_over(
        question=handed, actor=desk, to_user_id=window.pk, note="户籍业务，请户政窗口答复"
    )
