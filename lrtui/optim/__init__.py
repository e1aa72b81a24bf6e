"""Optimizers and learning-rate schedules: what turns x_k, ∇f(x_k) and η_k into x_{k+1}.

One module per optimizer family (:mod:`.sgd`, :mod:`.adagrad`, :mod:`.rmsprop`, :mod:`.adam`),
each holding everything about it: the rule as math, its parameters, the rule on arrays and on
floats, the state it explains its steps with and the arithmetic the formula line writes. One
module per schedule family under :mod:`.schedules`. The base classes are :mod:`.optimizer` and
:mod:`.schedules.base`; :mod:`.registry` lists them all and parses their text (:mod:`.spec`).

Every rule here is torch.optim's, operation by operation in float64. This package knows
nothing of runs' outcomes or of words about them (that is :mod:`lrtui.analysis`).
"""
