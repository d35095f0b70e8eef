"""The web layer's defences: no caching of personal data, request size caps before any view reads
the body, styled error pages with DEBUG off, and a hostile standard workbook refused cheaply."""

from __future__ import annotations

import io
import resource
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt

from assessment import reports
from assessment.exceptions import StandardInvalid

# --- a small URLconf for the tests that need a view of their own ----------------------------------

VIEW_CALLS: list[str] = []


@csrf_exempt
def _upload(request):
    VIEW_CALLS.append("upload")
    return HttpResponse(f"{len(request.POST)} {len(request.FILES)}")


def _boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("upload/", _upload), path("boom/", _boom)]
THIS_URLCONF = __name__


class _CountingInput:
    """A wsgi.input that records how many bytes anyone read from it."""

    def __init__(self, data: bytes):
        self._stream = io.BytesIO(data)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = self._stream.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = self._stream.readline(size)
        self.read_bytes += len(line)
        return line


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False


def _assert_styled(response, *texts: str, home: str):
    page = response.content.decode()
    assert "vendor/bootstrap/bootstrap.min.css" in page and "css/app.css" in page
    assert 'lang="zh-hans"' in page
    for text in texts:
        assert text in page, text
    assert f'id="error-home" href="{home}"' in page
    assert "style=" not in page and "<script>" not in page


# --- 1. Cache-Control: no-store on personal data --------------------------------------------------


def _assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def test_roster_page_export_and_pdf_are_never_stored(world, client_for):
    client = client_for(world.user("officer"))
    roster = client.get(reverse("branches:roster"))
    assert roster.status_code == 200 and "张三" in roster.content.decode()
    _assert_not_stored(roster)

    export = client.get(reverse("branches:roster_export"))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    _assert_not_stored(export)

    sheet = client.get(reverse("branches:worker_sheet", kwargs={"pk": world.worker_a1.pk}))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    _assert_not_stored(sheet)


def test_portal_admin_and_login_pages_are_never_stored(world, client_for):
    _assert_not_stored(client_for(world.user("worker")).get(reverse("portal:profile")))
    _assert_not_stored(client_for(world.user("admin")).get(reverse("admin:index")))
    _assert_not_stored(client_for(None).get(reverse("login")))


def test_a_public_page_without_a_session_stays_cacheable(client, db):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "") and not response.has_header("Pragma")


# --- 2. Body size caps before the body is read -----------------------------------------------------


def test_a_body_larger_than_the_largest_upload_is_refused_before_the_view(client, db, settings, debug_off):
    settings.ROOT_URLCONF = THIS_URLCONF
    VIEW_CALLS.clear()
    cap = settings.UNIONHOME_MAX_REQUEST_BYTES
    assert cap > settings.UNIONHOME["IMPORT_MAX_UPLOAD_BYTES"]  # the roster file and its form fit
    body = _CountingInput(b"--b\r\n" + b"x" * 1000)
    response = client.post(
        "/upload/",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(cap + 1),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert VIEW_CALLS == [] and body.read_bytes == 0
    _assert_styled(response, "提交的内容过大", f"{cap // (1024 * 1024)} MB", home="/")


def test_a_body_within_the_cap_reaches_the_view(client, db, settings):
    settings.ROOT_URLCONF = THIS_URLCONF
    VIEW_CALLS.clear()
    response = client.post("/upload/", {"a": "1", "f": io.BytesIO(b"data")})
    assert response.status_code == 200 and VIEW_CALLS == ["upload"]
    assert response.content == b"1 1"


def test_a_chunked_body_without_a_length_is_refused_unread(client, db, settings, debug_off):
    settings.ROOT_URLCONF = THIS_URLCONF
    VIEW_CALLS.clear()
    body = _CountingInput(b"x" * 100_000)
    response = client.post(
        "/upload/",
        content_type="application/octet-stream",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    assert response.status_code == 411
    assert VIEW_CALLS == [] and body.read_bytes == 0
    _assert_styled(response, "未注明大小", home="/")


def test_the_roster_import_refuses_an_oversized_upload_with_413(world, client_for, debug_off, settings):
    client = client_for(world.user("officer"))
    body = _CountingInput(b"--b\r\n")
    response = client.post(
        reverse("branches:roster_import"),
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(settings.UNIONHOME_MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413 and body.read_bytes == 0
    assert "Content-Security-Policy" in response  # the refusal passed through the other middleware
    _assert_not_stored(response)


# --- 4. Styled error pages with DEBUG off ----------------------------------------------------------


def test_400_is_a_styled_chinese_page(client, db, debug_off):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    _assert_styled(response, "请求有误", home="/")


def test_a_failed_csrf_check_is_a_styled_chinese_page(db, debug_off):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    _assert_styled(response, "表单已失效", home="/")


def test_403_leads_a_worker_back_to_the_portal(world, client_for, debug_off):
    response = client_for(world.user("worker")).get(reverse("branches:dashboard"))
    assert response.status_code == 403
    _assert_styled(response, "无权访问", "返回首页", home=reverse("portal:profile"))


def test_404_leads_an_officer_back_to_the_workspace(world, client_for, debug_off):
    response = client_for(world.user("officer")).get(
        reverse("branches:worker_detail", kwargs={"pk": 999_999})
    )
    assert response.status_code == 404
    _assert_styled(response, "未找到", "返回首页", home=reverse("branches:dashboard"))


def test_404_for_a_visitor_leads_to_the_start(client, db, debug_off):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_styled(response, "未找到", home=reverse("home"))


@pytest.mark.parametrize(
    "address", ["/office/roster/?q=" + "张" * 4100, "/office/" + "a" * 5000 + "/", "/?" + "a=1&" * 2000]
)
def test_414_for_a_too_long_address_is_django_s_styled_page(world, client_for, debug_off, address):
    response = client_for(world.user("officer")).get(address)
    assert response.status_code == 414
    _assert_styled(response, "网址过长", home="/")


def test_500_is_styled_and_needs_neither_database_nor_context(client, settings, debug_off):
    """No ``db`` fixture: a database query while rendering the page would fail the test."""
    settings.ROOT_URLCONF = THIS_URLCONF
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    _assert_styled(response, "服务器出错", home="/")


def test_gunicorn_lets_django_answer_long_request_lines():
    config: dict = {}
    exec((django_settings.BASE_DIR / "gunicorn.conf.py").read_text(encoding="utf-8"), config)  # noqa: S102
    # gunicorn's largest limit, well above the address cap Django answers with its own page
    assert config["limit_request_line"] == 8190 > django_settings.UNIONHOME_MAX_URL_CHARS + 1000
    dockerfile = (django_settings.BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    compose = (django_settings.BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8")
    assert "gunicorn.conf.py" in dockerfile and "gunicorn.conf.py" in compose


# --- 6. A hostile standard workbook ----------------------------------------------------------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(sheet_data: dict[str, str], sheet_path: str = "xl/worksheets/sheet{n}.xml") -> bytes:
    """A minimal .xlsx written part by part: one worksheet per name with the given <sheetData>."""
    names = list(sheet_data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SHEET_NS}" xmlns:r="{REL_NS}">'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="/{sheet_path.format(n=n)}"/>'
            for n in range(1, len(names) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        for n, name in enumerate(names, 1):
            z.writestr(
                sheet_path.format(n=n),
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}">'
                f'<dimension ref="A1"/><sheetData>{sheet_data[name]}</sheetData></worksheet>',
            )
    return out.getvalue()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = '<row r="1">' + _cell("A1", "key") + _cell("B1", "value") + "</row>"
FAR_CELL = HEADER + '<row r="400000"><c r="CV400000"><v>1</v></c></row>'


@pytest.mark.parametrize(
    ("items", "sheet_path"),
    [
        # A1 and one cell far away, named by reference: a dense 400,000 × 100 range for calamine
        (FAR_CELL, "xl/worksheets/sheet{n}.xml"),
        # the same without references: the row and column come from the position
        (
            HEADER + "<row/>" * 399_998 + "<row>" + "<c/>" * 99 + "<c><v>1</v></c></row>",
            "xl/worksheets/sheet{n}.xml",
        ),
        # a worksheet stored under a name that does not look like one
        (FAR_CELL, "xl/media/image{n}.png"),
    ],
)
def test_a_workbook_with_a_far_away_cell_is_refused_fast_and_small(items, sheet_path):
    data = _workbook({"standard": HEADER, "items": items}, sheet_path)
    assert len(data) < 10_000  # a few kilobytes
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.monotonic()
    with pytest.raises(StandardInvalid) as refused:
        reports.read_standard_xlsx(data)
    assert time.monotonic() - started < 2.0  # a naive read: 2–16 s and over a gigabyte
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50 * 1024
    assert "CV400000" in str(refused.value)
    assert str(reports.MAX_ROWS) in str(refused.value)


def _edit_part(data: bytes, name: str, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            part = source.read(entry)
            target.writestr(entry.filename, part.replace(old, new, 1) if entry.filename == name else part)
    return out.getvalue()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # not well-formed XML: a lenient reader might still take rows around the fault
        (b"</row>", b"</x></row>"),
        # a document type declaration (entities are never expanded)
        (b"<worksheet", b'<!DOCTYPE x [<!ENTITY e "1">]><worksheet'),
    ],
)
def test_a_damaged_worksheet_is_refused_as_unreadable(old, new):
    data = _edit_part(_workbook({"standard": HEADER, "items": HEADER}), "xl/worksheets/sheet2.xml", old, new)
    with pytest.raises(StandardInvalid, match="无法读取该工作簿"):
        reports.read_standard_xlsx(data)


def test_an_exported_standard_still_reads_back():
    spec = {
        "code": "T-1",
        "name": "测试标准",
        "issuer": "区总工会",
        "level": "district",
        "title": "模范职工之家",
        "kind": "scored",
        "effective_date": "2024-01-01",
        "pass_mark": "80",
        "description": "",
        "items": [
            {
                "section": "组织",
                "text": f"第{i}条",
                "points": "5",
                "guidance": "",
                "evidence_expected": "",
                "indicator": "",
            }
            for i in range(reports.MAX_ROWS - 1)
        ],
        "vetoes": [{"text": "否决", "indicator": ""}],
    }
    read = reports.read_standard_xlsx(reports.standard_xlsx(spec))
    assert read["code"] == "T-1" and len(read["items"]) == reports.MAX_ROWS - 1
