"""Stage 1, ingest: the raw files of a run into clean tables and findings.

Takes ``data/raw/<run>/`` (registry, register of dossiers received, the units'
workbooks) and the params; hands on :class:`.inputs.IngestResult`: the registry,
the register, one row per file received, the clean tables (unit info,
indicators, products, nominations) and every finding (:class:`.findings.Issue`).

Reading (:mod:`.workbook_reader`, python-calamine behind resource limits),
text repair (:mod:`.text_repair`), value parsing (:mod:`.value_parsing`),
sheet parsing and schema validation (:mod:`.sheet_parsing`), unit matching
(:mod:`.unit_matching`), reading on every core (:mod:`.parallel_read`).
Imports only the contract.
"""
