"""Data in, PDF file out (ReportLab). Never imports Qt."""
