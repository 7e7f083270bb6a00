"""PDF rendering for reports and certificates: an HTML template rendered by WeasyPrint, Chinese text set in
Debian's Noto CJK fonts (fonts-noto-cjk; found through fontconfig, no network access).

    pdf_bytes = render_pdf("assessments/report_pdf.html", {"sample": sample})

Templates extend "pdf/base.html" (A4, margins, the CJK font stack, page numbers).
"""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: pages that never print do not need Pango

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=None).write_pdf()
