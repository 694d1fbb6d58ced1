"""The few style rules Streamlit has no option for, in one place: the page margins and the upload widget's own texts.

Pages never write HTML (user text must stay inert); this module is the one exception, and it writes only the
constant style sheet below, built at import from numbers, never from anything a user typed.

- Streamlit's wide layout keeps 5rem either side of the page: at 1280 px beside the sidebar that is what a
  comparison table's last column needs, so the margins narrow to 2rem.
- ``st.file_uploader`` sets only its label and help; the drop zone's "Drag and drop", "Limit … per file" and its
  "Upload" button come from the front end in English with no option to change them: the rules hide those texts and
  show Chinese ones (the drop zone works the same).
"""

from __future__ import annotations

import os

import streamlit as st

__all__ = ["UPLOAD_MAX_MB", "apply"]

UPLOAD_MAX_MB = int(os.environ.get("ZHIBIAO_UPLOAD_MAX_MB", "20"))
"""The upload size limit (also given to ``st.file_uploader``)."""

_ZONE = '[data-testid="stFileUploaderDropzone"]'
_TEXT = f'{_ZONE} [data-testid="stFileUploaderDropzoneInstructions"] > div'
_CSS = f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-left: 2rem; padding-right: 2rem; }}
{_TEXT} > * {{ display: none; }}
{_TEXT}::before {{ content: "将文件拖放到此处"; display: block; }}
{_TEXT}::after {{ content: "单个文件不超过 {UPLOAD_MAX_MB:d} MB · TXT、MD、DOCX、CSV、XLSX"; display: block;
  font-size: 0.8em; opacity: 0.7; }}
{_ZONE} button [data-testid="stMarkdownContainer"] {{ display: none; }}
{_ZONE} button [data-has-shortcut]::after {{ content: "选择文件"; }}
</style>"""


def apply() -> None:
    """Add the style sheet to the page (a style-only element takes no space)."""
    st.html(_CSS)
