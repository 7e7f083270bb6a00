"""Turning documents into bytes: generated PDFs (WeasyPrint + Noto CJK through yingshang.core.pdf.render_pdf), the QR
code (segno), the dossier catalogue PDF, the mailing pack and the dossier zip. No database writes here."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date

import segno

from yingshang.core.pdf import render_pdf
from yingshang.documents import conf, domain
from yingshang.documents.choices import Volume

FRAME_TEMPLATE = "documents/pdf/document.html"


def cn_date(d: date | None) -> str:
    """2024年10月9日 (no leading zeros), as court documents write dates."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def cause_phrase(cause: str) -> str:
    """「买卖合同」→「买卖合同纠纷」; a cause already named 「…纠纷」 is kept (avoids 「纠纷纠纷」)."""
    cause = (cause or "").strip()
    if not cause or cause.endswith("纠纷"):
        return cause
    return cause + "纠纷"


def verify_path(code: str) -> str:
    return f"/verify/{code}/"


def verify_url(code: str) -> str:
    return conf.public_base_url() + verify_path(code)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (WeasyPrint renders it without network access)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=2)


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def frame_context(*, kind: str, title: str, number: str, code: str, case, issued_on: date, body_template: str,
                  data: dict, addressee_name: str = "") -> dict:
    """What every generated document prints: court, title, case number, body, the seal placeholder, the QR code and
    the short verification code."""
    url = verify_url(code)
    return {
        "court_name": conf.court_name(), "kind": kind, "title": title, "number": number,
        "case_number": case.case_number, "cause": (case.cause.name if case.cause_id else case.cause_text),
        "issued_on": cn_date(issued_on), "body_template": body_template, "data": data,
        "addressee_name": addressee_name, "code_display": domain.verification_code_display(code),
        "verify_url": url, "qr": qr_data_uri(url),
    }


def document_pdf(frame: dict) -> bytes:
    return render_pdf(FRAME_TEMPLATE, {"frame": frame})


@dataclass(frozen=True)
class CatalogueLine:
    sequence: int
    volume: str
    title: str
    kind_label: str
    number: str
    issued_on: str
    source_label: str
    file_name: str


def catalogue_lines(documents) -> list[CatalogueLine]:
    return [CatalogueLine(sequence=d.sequence, volume=d.get_volume_display(), title=d.title,
                          kind_label=d.get_kind_display(), number=d.number, issued_on=cn_date(d.issued_on),
                          source_label=d.get_source_display(), file_name=bundle_name(d)) for d in documents]


def catalogue_pdf(*, case, documents, heading: str, generated_on: date) -> bytes:
    """The dossier catalogue (卷内目录) in entry order, 正卷 and 副卷 listed apart."""
    docs = list(documents)
    return render_pdf("documents/pdf/catalogue.html", {
        "court_name": conf.court_name(), "case": case, "heading": heading, "generated_on": cn_date(generated_on),
        "main": catalogue_lines([d for d in docs if d.volume == Volume.MAIN]),
        "internal": catalogue_lines([d for d in docs if d.volume == Volume.INTERNAL]),
    })


def bundle_name(document) -> str:
    """Name of a file inside the dossier zip: 正卷/001_受理通知书.pdf — the sequence keeps the catalogue order."""
    folder = "副卷" if document.volume == Volume.INTERNAL else "正卷"
    suffix = ""
    if "." in document.file_name:
        suffix = "." + document.file_name.rsplit(".", 1)[1][:8]
    safe_title = "".join(ch for ch in document.title if ch not in '\\/:*?"<>|')[:60]
    return f"{folder}/{document.sequence:03d}_{safe_title}{suffix}"


def dossier_zip(*, case, documents, heading: str, generated_on: date) -> bytes:
    """One zip: 卷内目录.pdf plus every document's file under 正卷/ or 副卷/, in catalogue order."""
    docs = list(documents)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("卷内目录.pdf", catalogue_pdf(case=case, documents=docs, heading=heading,
                                                    generated_on=generated_on))
        for d in docs:
            with d.file.open("rb") as handle:
                archive.writestr(bundle_name(d), handle.read())
    return buffer.getvalue()


def mailing_pack_pdf(*, record, party, document, generated_on: date) -> bytes:
    """The printable pack for service by post: the address page (recipient, address, case, enclosure, the court
    as sender, a 送达回证 stub), then the document itself when the platform generated it. An uploaded file is printed
    from the dossier and enclosed: the address page names it with its number and SHA-256."""
    context = {
        "court_name": conf.court_name(), "court_address": conf.court_address(), "court_phone": conf.court_phone(),
        "party": party, "address": record.address or party.address, "document": document,
        "case_number": document.case.case_number, "generated_on": cn_date(generated_on),
        "issued_on": cn_date(document.issued_on), "is_generated": bool(document.template_name),
    }
    if document.template_name:
        context["frame"] = document.data.get("_frame", {})
        context["frame"]["qr"] = qr_data_uri(context["frame"].get("verify_url", ""))
    return render_pdf("documents/pdf/mailing_pack.html", context)
