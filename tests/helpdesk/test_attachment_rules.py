"""Files on a request: only while it is open, of the type their content shows, and an
"Upload" without a file is a notice, not an error."""

import io

import pytest
from sqlalchemy import func, select

from expert_pool.exceptions import ValidationError
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Attachment
from expert_pool.helpdesk.services import add_attachment

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def attachments() -> int:
    return db.session.scalar(select(func.count(Attachment.id)))


def upload(client, item, name: str, content: bytes):
    return client.post(
        f"/requests/{item.id}/attachments",
        data={"files": [(io.BytesIO(content), name)]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.mark.parametrize("status", ["closed", "declined", "withdrawn"])
def test_no_file_is_added_to_an_ended_request_even_posted_directly(
    world, make_request, browser, status
):
    item = make_request(status)
    page = upload(browser(world.party), item, "notes.txt", b"Some notes.").get_data(as_text=True)
    assert "no file can be added to it any more" in page
    assert attachments() == 0
    with pytest.raises(ValidationError) as refused:
        add_attachment(item, "notes.txt", io.BytesIO(b"Some notes."), world.staff)
    assert "attachments" in refused.value.fields


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", EXE), ("photo.png", PDF), ("data.csv", EXE), ("letter.docx", PDF)],
)
def test_a_file_whose_content_is_not_its_type_is_refused(
    world, make_request, browser, name, content
):
    item = make_request("submitted")
    page = upload(browser(world.party), item, name, content).get_data(as_text=True)
    kind = name.rsplit(".")[1].upper()
    assert f"{name.capitalize()}: its content is not a {kind} file" in page
    assert attachments() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", PDF), ("photo.png", PNG), ("data.csv", "a,b\n1,é\n".encode())],
)
def test_a_file_of_its_type_is_attached(world, make_request, browser, name, content):
    item = make_request("submitted")
    page = upload(browser(world.party), item, name, content).get_data(as_text=True)
    assert "The files are attached." in page
    assert attachments() == 1


def test_upload_without_a_file_asks_for_one(world, make_request, browser):
    item = make_request("submitted")
    response = browser(world.party).post(
        f"/requests/{item.id}/attachments", data={"submit": "Upload"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Choose one or more files to upload." in response.get_data(as_text=True)
    assert attachments() == 0
