"""Pure computations on the programme and the monitoring: actuals, progress, budget execution."""
