"""Stage 3, report: scored tables into the HTML sections a council member reads.

Takes the processed tables, the params and the provenance record; hands on HTML
fragments (:mod:`.sections`), charts as inline PNG (:mod:`.charts`) and the
escaping and table helpers they share (:mod:`.html`). Writes no file: the report
notebook displays the fragments and nbconvert renders the page. Imports the
contract, ingest and scoring.
"""
