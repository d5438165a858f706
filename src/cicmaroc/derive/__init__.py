"""What the computations use, derived from the programme as printed, each pass with its findings.

- `monitoring.py`: the year files' figures checked against the programme (CIC701-CIC713); every
  value that passes goes into `actuals.Actuals`, the one type progress, execution, status, the
  forms and IATI read. A figure that is absent there is missing, never zero.
- `readings.py`: the programme as the officers agreed to read it (data/readings.yaml applied to
  the printed figures, CIC911-CIC915).

These are not rules: a rule checks; a pass derives what the reports compute from, and reports
what it could not use. `api` runs each once per run, after the checks.
"""
