"""Moving data in and out: the roster workbook (import/export) and, later, the township package."""
