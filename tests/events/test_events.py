"""Capacity-building events on the pages: the list, the form, the page, the export."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.events.models import CapacityEvent
from expert_pool.extensions import db


def test_staff_record_an_event_with_its_participants(staff_client, report_world):
    form = staff_client.get("/events/new").get_data(as_text=True)
    assert 'for="title"' in form and 'for="participants-0-count"' in form
    response = staff_client.post(
        "/events/new",
        data={
            "title": "Training on eDNA",
            "type": "training",
            "start_date": "2025-09-01",
            "end_date": "2025-09-03",
            "place": "Kathmandu",
            "parties": ["NPL"],
            "targets": ["21"],
            "requests": report_world.requests["r3"].reference,
            "experts": [str(report_world.experts[1].id)],
            "participants-0-party": "NPL",
            "participants-0-role": "researcher",
            "participants-0-gender": "female",
            "participants-0-count": "6",
            "participants-1-party": "",
            "participants-1-role": "other",
            "participants-1-gender": "male",
            "participants-1-count": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    event = db.session.scalar(
        select(CapacityEvent).where(CapacityEvent.title == "Training on eDNA")
    )
    assert event.participant_count == 6
    assert [r.reference for r in event.requests] == [report_world.requests["r3"].reference]
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "event.created", AuditEvent.object_id == str(event.id)
        )
    )
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Training on eDNA" in page and "Mei Lin" in page and "Nepal" in page
    assert "<td>Researchers</td>" in page


def test_a_refused_event_keeps_the_form_with_the_messages(staff_client):
    response = staff_client.post(
        "/events/new",
        data={"title": "Somewhere", "type": "workshop", "start_date": "2025-09-01"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "say where it took place, or that it was online" in page
    assert (
        db.session.scalar(select(CapacityEvent).where(CapacityEvent.title == "Somewhere")) is None
    )


def test_staff_edit_an_event(staff_client, report_world):
    event = db.session.scalar(select(CapacityEvent).where(CapacityEvent.type == "workshop"))
    form = staff_client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="Mangrove restoration workshop"' in form
    response = staff_client.post(
        f"/events/{event.id}/edit",
        data={
            "title": "Mangrove workshop",
            "type": "workshop",
            "start_date": "2025-05-10",
            "place": "Koh Kong",
            "participants-0-party": "KHM",
            "participants-0-role": "official",
            "participants-0-gender": "female",
            "participants-0-count": "12",
        },
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert (event.title, event.place, event.participant_count) == (
        "Mangrove workshop",
        "Koh Kong",
        12,
    )
    assert staff_client.get("/events/999").status_code == 404


def test_the_events_list_and_its_export(staff_client, report_world):
    page = staff_client.get("/events").get_data(as_text=True)
    assert "Mangrove restoration workshop" in page and "Last year&#39;s webinar" in page
    page = staff_client.get("/events?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    assert "Last year" not in page

    text = staff_client.get("/events/export?format=csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:3] == ["Number", "Title", "Type"]
    workshop = next(row for row in rows if row[1:2] == ["Mangrove restoration workshop"])
    assert workshop[12:] == ["17", "10", "5", "2", "10", "5", "2"]

    xlsx = staff_client.get("/events/export?format=xlsx&from=2025-01-01&to=2025-12-31")
    sheet = load_workbook(io.BytesIO(xlsx.data))["events"]
    assert sheet.max_row == 2
    assert sheet["B2"].value == "Mangrove restoration workshop"
    assert sheet["M2"].value == 17


def test_a_bad_participant_count_is_named_in_words_on_its_row(staff_client, report_world):
    data = {
        "title": "Training on eDNA",
        "type": "training",
        "start_date": "2025-09-01",
        "participants-0-role": "researcher",
        "participants-0-gender": "female",
        "participants-0-count": "6",
        "participants-1-role": "other",
        "participants-1-gender": "male",
        "participants-1-count": "-3",
    }
    page = staff_client.post("/events/new", data=data).get_data(as_text=True)
    assert "Participants, row 2, Number: a whole number from 0 to 100000" in page
    assert "{" not in page[page.index('id="participants-errors"') :].split("</div>")[0]
    assert db.session.scalar(select(CapacityEvent).filter_by(title="Training on eDNA")) is None
    report_world.staff.locale = "zh"
    db.session.commit()
    page = staff_client.post("/events/new", data=data).get_data(as_text=True)
    assert "参与者第 2 行" in page and "{&#39;count&#39;" not in page
