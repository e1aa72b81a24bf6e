"""Optimizers and learning-rate schedules: what turns x_k, ∇f(x_k) and η_k into x_{k+1}.

Every rule here is torch.optim's, operation by operation in float64. This package knows
nothing of runs' outcomes or of words about them (that is :mod:`lrtui.analysis`).
"""
