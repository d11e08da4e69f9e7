"""Running and proving a run: pipeline, provenance, audit, command line, sample data.

Takes the repository and a run name; executes the notebooks in one kernel and
publishes ``outputs/<run>/`` atomically (:mod:`.pipeline`), records hashes and
versions (:mod:`.provenance`), re-executes and compares (:mod:`.audit`), parses
the command line (:mod:`.cli`) and generates the synthetic sample
(:mod:`.sample_data`). May import every stage; nothing but ``run`` (and
``lib.__main__``) imports it.
"""
