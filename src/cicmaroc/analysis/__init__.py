"""Pure computations on the programme and the checked monitoring figures (`derive.actuals`):
indicator progress, budget execution, and who has reported what for a year."""
