"""Pydantic models of the data files; each file kind has one top-level model."""

from cicmaroc.models.budget import Budget
from cicmaroc.models.country import Country
from cicmaroc.models.logframe import Logframe
from cicmaroc.models.monitoring import MonitoringYear
from cicmaroc.models.partners import Partner
from cicmaroc.models.risks import Risks

__all__ = ["Budget", "Country", "Logframe", "MonitoringYear", "Partner", "Risks"]
