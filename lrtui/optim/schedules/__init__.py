"""Learning-rate schedules: the η_k of every run and step, one module per family.

Schedules depend only on the step index and each run's base η, never on the trajectory,
so the engine asks for the whole table at once:

    sched = parse_schedule("multistep:milestones=5/15,gamma=0.3")   # lrtui.optim.registry
    table = sched.table(base_lrs, steps)        # (runs, steps+1): η_k for k = 0..steps

η_k is the learning rate the optimizer uses at step k, exactly as torch.optim.lr_scheduler
produces it when ``scheduler.step()`` follows every ``optimizer.step()``: η_0 is the lr
before any ``scheduler.step()`` and η_k is ``scheduler.get_last_lr()`` after k of them.


| name            | module               | torch                                             |
| --------------- | -------------------- | ------------------------------------------------- |
| constant        | :mod:`.constant`     | η_k = η                                           |
| step            | :mod:`.step`         | StepLR: × gamma every step_size steps             |
| multistep       | :mod:`.step`         | MultiStepLR: × gamma at each milestone            |
| exponential     | :mod:`.step`         | ExponentialLR: × gamma every step                 |
| cosine          | :mod:`.cosine`       | CosineAnnealingLR                                 |
| cosine_restarts | :mod:`.cosine`       | CosineAnnealingWarmRestarts                       |
| linear          | :mod:`.linear`       | LinearLR                                          |
| polynomial      | :mod:`.linear`       | PolynomialLR                                      |
| onecycle        | :mod:`.onecycle`     | OneCycleLR, cosine annealing, no momentum cycling |

Exactness. torch's chainable schedulers compute η_k from η_{k−1} (``group["lr"] *
factor``), so their rounding differs from the closed forms. Here the multiplicative ones
(step, multistep, exponential, linear, polynomial, cosine with eta_min=0) multiply the
same factors in the same order with one ``cumprod`` along k per run (:func:`.base.chain`) —
bit-identical to torch and without a Python loop over steps. Schedules that depend on η only
as a factor still get each run's own product, since ``η·(∏ f)`` and ``(…(η·f_1)·f_2…)`` round
differently. Each family's module says how it follows torch.
"""
