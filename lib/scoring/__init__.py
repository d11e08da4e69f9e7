"""Stage 2, scoring: clean tables into scores, province KPIs and the award decision.

Takes the clean tables of ingest and the params; hands on the criterion table
and unit scores (:mod:`.scores`), the province KPIs (:mod:`.kpis`), the
eligibility gates (:mod:`.gates`), the one ranking-and-caps rule
(:mod:`.selection`), the award list with every nominee's status and reasons
(:mod:`.award_list`) and the Monte Carlo robustness of the ranking
(:mod:`.robustness`, which re-runs the scoring and selection functions of this
package, never a copy). Imports the contract and ingest.
"""
