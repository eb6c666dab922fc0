"""Documents: DOCX/XLSX/PDF of issued bulletins, and the text/JSON/CSV/XLSX reports of scores and status."""
