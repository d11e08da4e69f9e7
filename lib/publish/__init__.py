"""Stage 4, publish: every file a person or the next notebook opens.

Takes tables from ingest and scoring; writes the award list (:mod:`.award_files`),
scores (:mod:`.score_files`), the data-quality workbook and row accounting
(:mod:`.quality_files`), one feedback workbook per unit (:mod:`.feedback`), the
blank submission template and data dictionary (:mod:`.template`), the
Tờ trình and draft decision for signature (:mod:`.documents`) and the
processed tables with their types (:mod:`.processed`). Every workbook goes
through :mod:`.workbooks` (deterministic, formula-inert), every csv through
:func:`.workbooks.write_csv`. Imports the contract and the earlier stages.
"""
