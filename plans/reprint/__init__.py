"""Bulk reprint: many take-home packets made by the task worker and merged into one PDF.

A person chooses the clinic's signed plans and a print size; `services.bulk_print_start`
stores a BulkPrint and enqueues `tasks.reprint_packets`, which the database-backed worker
(`manage.py db_worker`, started by `make run`) runs: each packet through the document
framework's produce() (cached, recorded on the chart, audited), then one merged PDF.
"""
