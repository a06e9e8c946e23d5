"""Moving data in and out: the roster workbook (import/export) and the township package (export, verify, merge)."""
