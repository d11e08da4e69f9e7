"""The contract: what every stage agrees on, and nothing that does work.

Holds the input schemas (:mod:`.schemas`, pandera models that also generate the
template and the data dictionary), the output tables (:mod:`.tables`, every
processed and published table declared once), the data-quality rule catalogue
(:mod:`.quality_rules`), the Vietnamese labels and status vocabularies
(:mod:`.labels`), the number and date formats people read (:mod:`.formats`) and
the typed, validated run parameters (:mod:`.params`).

Imports no stage: ingest, scoring, report, publish and run all import it.
"""
