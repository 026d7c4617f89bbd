"""Prepared reads (hall.core.db.prepared): the queryset's answer, compiled once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from hall.core.db.prepared import PreparedRead
from hall.core.models import Window
from tests.factories import WindowFactory

pytestmark = pytest.mark.django_db

_in_hall_numbered = PreparedRead(
    lambda hall_id, label: (
        Window.objects.filter(hall_id=hall_id, number__gt=1).exclude(label=label).order_by("number")
    ),
    hall_id=int,
    label=str,
)


def test_it_answers_what_the_queryset_answers_each_time_with_its_own_arguments():
    first = WindowFactory(number=2, label="综合")
    WindowFactory(hall=first.hall, number=3, label="税务")
    WindowFactory(hall=first.hall, number=1, label="社保")
    other = WindowFactory(number=5, label="综合")
    for hall, label in ((first.hall, "税务"), (first.hall, "无"), (other.hall, "综合")):
        expected = list(
            Window.objects.filter(hall_id=hall.pk, number__gt=1)
            .exclude(label=label)
            .order_by("number")
        )
        found = _in_hall_numbered.all(hall_id=hall.pk, label=label)
        assert [(w.pk, w.label, w.state, w.hall_id) for w in found] == [
            (w.pk, w.label, w.state, w.hall_id) for w in expected
        ]
    assert _in_hall_numbered.first(hall_id=other.hall_id, label="综合") is None


def test_a_read_is_one_statement_and_its_instances_save_as_loaded_ones():
    window = WindowFactory(number=4, label="综合")
    _in_hall_numbered.all(hall_id=window.hall_id, label="")
    with CaptureQueriesContext(connection) as queries:
        found = _in_hall_numbered.first(hall_id=window.hall_id, label="")
    assert len(queries.captured_queries) == 1
    assert found is not None and found.pk == window.pk and not found._state.adding
    found.label = "税务"
    found.save(update_fields=["label"])
    window.refresh_from_db()
    assert window.label == "税务"


_numbers_by_label = PreparedRead(
    lambda hall_id: (
        Window.objects.filter(hall_id=hall_id)
        .values_list("label")
        .annotate(n=Count("id"))
        .values_list("label", "n")
        .order_by("label")
    ),
    hall_id=int,
)


def test_rows_answer_a_values_read_and_its_counts():
    first = WindowFactory(number=1, label="综合")
    WindowFactory(hall=first.hall, number=2, label="综合")
    WindowFactory(hall=first.hall, number=3, label="税务")
    WindowFactory(number=1, label="税务")
    assert _numbers_by_label.rows(hall_id=first.hall_id) == [("税务", 1), ("综合", 2)]
    with pytest.raises(ValueError, match="read"):
        _numbers_by_label.all(hall_id=first.hall_id)  # no instances from a values read


@pytest.mark.parametrize(
    "build",
    [
        lambda hall_id: Window.objects.filter(Q(hall_id=hall_id) | Q(zone_id=hall_id)),  # twice
        lambda hall_id: Window.objects.filter(number=1),  # the argument unused
        lambda hall_id: Window.objects.filter(hall_id=hall_id).select_related("hall"),
        lambda hall_id: Window.objects.filter(hall_id=hall_id).only("number"),
    ],
)
def test_a_read_it_cannot_prepare_is_refused_at_its_first_use(build):
    with pytest.raises(ValueError, match="read"):
        PreparedRead(build, hall_id=int).all(hall_id=1)
