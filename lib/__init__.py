"""Evaluation system for a province's digital-transformation emulation movement (the run's params name it).

The package holds every piece of logic; the notebooks in ``notebooks/`` only
narrate, call into it and display. One module per concern, named for what it
holds (see README, "Code map").
"""
