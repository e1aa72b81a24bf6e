"""The arithmetic of a step, written out: the lesson's notation, the recorded numbers, 6 digits."""

import ast
import math
import operator
import re

import pytest

from lrtui.analysis.formula import number, step_formula, subscript
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario, compute

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow}


CALLS = {"sqrt": math.sqrt, "abs": abs, "max": max, "clamp": lambda v: min(max(v, 1e-6), 50.0)}


def redo(numbers: str) -> float:
    """A student with a calculator: the written numbers worked out (×, −, √, ², |a|, max and clamp
    as written; clamp to rprop's default [step_min, step_max] = [1e-6, 50])."""
    text = numbers.replace("×", "*").replace("−", "-").replace("²", "**2")
    text = re.sub(r"√([0-9.e-]+)", r"sqrt(\1)", text).replace("√(", "sqrt(")
    text = re.sub(r"\|([^|]+)\|", r"abs(\1)", text)

    def value(node):
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Call) and node.func.id in CALLS:
            return CALLS[node.func.id](*(value(arg) for arg in node.args))
        raise AssertionError(f"unexpected {ast.dump(node)}")

    return value(ast.parse(text, mode="eval"))


def test_sgd_reads_as_the_lesson_writes_it():
    res = compute(preset("quadratic").scenario)
    assert step_formula(res, 1, 0).text() == "x₁ = x₀ − η·f'(x₀) = 10 − 0.1 × 16 = 8.4; f: 64 → 40.96 ↓"
    assert step_formula(res, 1, 1).text() == "x₂ = x₁ − η·f'(x₁) = 8.4 − 0.1 × 12.8 = 7.12; f: 40.96 → 26.2144 ↓"


def test_the_numbers_redo_the_step_to_six_digits():
    res = compute(preset("wiggly").scenario)
    for k in (0, 1, 17, 997):
        move = step_formula(res, 0, k).equations[-1]
        assert redo(move.numbers) == pytest.approx(res.x[0, k + 1, 0], rel=1e-5)
        assert float(move.value.replace("−", "-")) == pytest.approx(res.x[0, k + 1, 0], rel=5e-6)


def test_a_negative_gradient_is_put_in_parentheses():
    res = compute(preset("wiggly").scenario)
    k = next(k for k in range(50) if res.grad[0, k, 0] < 0)
    move = step_formula(res, 0, k).equations[-1]
    assert move.numbers.startswith(f"{res.x[0, k, 0]:.6g} − 0.3 × (−")


def test_momentum_shows_its_buffer_then_the_move():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("momentum",)))
    first = step_formula(res, 0, 0)
    assert first.text() == "b₀ = f'(x₀) = 16; x₁ = x₀ − η·b₀ = 10 − 0.1 × 16 = 8.4; f: 64 → 40.96 ↓"
    later = step_formula(res, 0, 3)
    buffer, move = later.equations
    assert buffer.lhs == "b₃" and buffer.rule == "μ·b₂ + f'(x₃)"
    assert redo(buffer.numbers) == pytest.approx(res.state["momentum_buffer"][0, 3, 0], rel=1e-5)
    assert redo(move.numbers) == pytest.approx(res.x[0, 4, 0], rel=1e-5)
    assert "f: 0.246016 → 6.09497 ↑" in later.text()  # momentum carries it past x*: f goes up


def test_adam_shows_m_hat_and_v_hat_and_the_move():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("adam",)))
    m, v, move = step_formula(res, 0, 3).equations
    assert (m.lhs, v.lhs) == ("m̂₃", "v̂₃")
    assert float(m.value) == pytest.approx(res.state["m_hat"][0, 3, 0], rel=5e-6)
    assert move.rule == "x₃ − η·m̂₃/(√v̂₃ + ε)"
    assert move.numbers.endswith("/(√246.535 + 1e-8)")
    assert redo(move.numbers) == pytest.approx(res.x[0, 4, 0], rel=1e-5)


@pytest.mark.parametrize("optimizer", ["nesterov", "adagrad", "rmsprop", "adamw", "sgd:weight_decay=0.1",
                                       "momentum:dampening=0.5", "adagrad:lr_decay=0.1", "rmsprop:centered=true",
                                       "rmsprop:momentum=0.5", "rmsprop:centered=true,momentum=0.5,weight_decay=0.1",
                                       "adam:amsgrad=true", "adamw:weight_decay=0.1",
                                       "adadelta", "adadelta:weight_decay=0.1", "adamax", "adamax:weight_decay=0.05",
                                       "nadam", "nadam:weight_decay=0.1",
                                       "nadam:weight_decay=0.1,decoupled_weight_decay=true",
                                       "radam", "radam:weight_decay=0.1,decoupled_weight_decay=true", "rprop",
                                       "asgd", "asgd:t0=3,weight_decay=0.1"])
@pytest.mark.parametrize("schedule", ["constant", "onecycle:total_steps=21"])
def test_every_optimizer_writes_numbers_that_redo_its_step(optimizer, schedule):
    """With each optimizer's own numbers (radam's step 5 is its first rectified one), and with the
    momentum or β1 a schedule cycles (μ_k), where the optimizer has one."""
    cycles = schedule != "constant" and optimizer.partition(":")[0] not in ("adagrad", "adadelta", "rprop", "asgd")
    if schedule != "constant" and not cycles:
        schedule += ",cycle_momentum=false"
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=(optimizer,), schedule=schedule))
    for k in (0, 5):
        for eq in step_formula(res, 0, k).equations:
            if eq.numbers:
                assert redo(eq.numbers) == pytest.approx(float(eq.value.replace("−", "-")), rel=2e-5), eq


def test_centered_rmsprop_with_momentum_is_written_out():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("rmsprop:centered=true,momentum=0.5",)))
    v, mean, buffer, move = step_formula(res, 0, 3).equations
    assert (v.lhs, mean.lhs, buffer.lhs) == ("v₃", "ḡ₃", "b₃")
    assert mean.rule == "α·ḡ₂ + (1 − α)·f'(x₃)"
    assert buffer.rule == "μ·b₂ + f'(x₃)/(√(v₃ − ḡ₃²) + ε)"
    assert move.rule == "x₃ − η·b₃"
    for eq in (v, mean, buffer):
        assert float(eq.value) == pytest.approx(res.state[{"v₃": "square_avg", "ḡ₃": "grad_avg", "b₃": "momentum_buffer"}[eq.lhs]][0, 3, 0], rel=5e-6)
        assert redo(eq.numbers) == pytest.approx(float(eq.value), rel=2e-5)
    assert redo(move.numbers) == pytest.approx(res.x[0, 4, 0], rel=1e-5)
    first = step_formula(res, 0, 0).text()  # the running means start at 0
    assert first.startswith("v₀ = α·v₋₁ + (1 − α)·f'(x₀)² = 0.99 × 0 + 0.01 × 16² = 2.56; "
                            "ḡ₀ = α·ḡ₋₁ + (1 − α)·f'(x₀) = 0.99 × 0 + 0.01 × 16 = 0.16; "
                            "b₀ = μ·b₋₁ + f'(x₀)/(√(v₀ − ḡ₀²) + ε) = 0.5 × 0 + 16/(√(2.56 − 0.16²) + 1e-8) = ")


def test_a_cycled_momentum_is_written_with_its_step_s_value():
    """cyclic cycles sgd's momentum (torch's cycle_momentum): plain sgd is heavy-ball, and the line
    writes the μ_k that step used, 0.9 − 0.1·k/25 going down."""
    res = compute(preset("cyclic").scenario)
    assert step_formula(res, 0, 1).text() == (
        "b₁ = μ₁·b₀ + f'(x₁) = 0.896 × 21.6017 + 18.6854 = 38.0406; x₂ = x₁ − η₁·b₁ = 5.56797 − 0.0212 × 38.0406 = "
        "4.76151; f: 24.4444 → 12.684 ↓")
    assert step_formula(res, 0, 10).equations[0].numbers.startswith("0.86 × ")


def test_a_narrow_line_keeps_the_state_s_values_after_its_arithmetic():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("rmsprop:centered=true,momentum=0.5",)))
    line = step_formula(res, 0, 3).fitted(100)
    assert line == "v₃ = 6.64875; ḡ₃ = 0.502716; b₃ = 9.13394; x₄ = x₃ − η·b₃ = 6.75022 − 0.1 × 9.13394 = 5.83682; f ↓"


def test_two_parameters_write_vectors():
    res = compute(preset("bowl").scenario)
    assert step_formula(res, 1, 0).text() == (
        "(x, y)₁ = (x, y)₀ − η·∇f = (3, 1) − 0.09 × (6, 20) = (2.46, −0.8); f: 19 → 12.4516 ↓")
    lin = compute(preset("linreg").scenario)
    assert step_formula(lin, 2, 0).text().startswith("(w, b)₁ = (w, b)₀ − η·∇L = (0, 0) − 0.1 × (−4.53704, −7.27392)")


def test_a_schedule_names_the_step_s_eta():
    res = compute(preset("step-decay").scenario)  # η halves every 10 steps
    assert step_formula(res, 1, 12).text().startswith("x₁₃ = x₁₂ − η₁₂·f'(x₁₂) = 2.05187 − 0.525 × ")


def test_at_the_last_record_no_step_is_taken_and_it_says_why():
    res = compute(preset("quadratic").scenario)
    assert step_formula(res, 2, 1).text() == "x₁ = 2; converged: |f'(x₁)| = 0 < tol = 1e-8, no step taken"
    assert step_formula(res, 1, 20).text() == "x₂₀ = 2.09223; still moving; the last of 20 steps"
    wiggly = compute(preset("wiggly").scenario)
    assert step_formula(wiggly, 0, 1000).text() == "x₁₀₀₀ = 2.96193; in a cycle of 4 points; the last of 1,000 steps"
    assert step_formula(res, 2, 7).text().startswith("x₁ = 2; converged")  # a stopped run stays at its end
    div = compute(preset("overshoot").scenario)
    assert step_formula(div, 3, 40).text() == "x₃₈ = 8167.4; diverged at step 38: no step taken"


def test_a_narrow_line_drops_the_note_then_the_rules_then_cuts():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1,), 20, optimizers=("momentum",)))
    f = step_formula(res, 0, 3)
    full = f.text()
    assert f.fitted(len(full)) == full
    assert f.fitted(len(full) - 1) == full.rsplit("; f:", 1)[0] + "; f ↑"  # what f did stays, short
    main = full.rsplit("; f:", 1)[0]
    assert f.fitted(len(main) + 4) == main
    lean = f.fitted(70)
    assert lean.startswith("b₃ = 0.9 × 31.84 + 0.992 = 29.648; x₄ = ") and len(lean) <= 70
    assert f.fitted(20).endswith("…") and len(f.fitted(20)) == 20


def test_numbers_have_six_significant_digits_and_a_true_minus():
    assert number(8.399999999999999) == "8.4"
    assert number(-0.8) == "−0.8"
    assert number(1e-8) == "1e-8" and number(-2.5e12) == "−2.5e12"
    assert number(float("inf")) == "∞" and number(-0.0) == "0"
    assert subscript(1000) == "₁₀₀₀"


def test_a_step_out_of_the_domain_says_f_is_undefined_there():
    res = compute(Scenario.of("log(x)", (0.5,), (10.0,), 5))  # x₁ = 0.5 − 10 × 2 = −19.5
    f = step_formula(res, 0, 0)
    assert f.text() == "x₁ = x₀ − η·f'(x₀) = 0.5 − 10 × 2 = −19.5; f(x₁) is undefined"
    assert step_formula(res, 0, 1).text().endswith("left the domain at step 1): no step taken")


def test_f_reads_differently_when_it_changed():
    """The wiggly preset at η = 0.2, step 12: f went from 8.3155879 to 8.3155871, which six digits
    wrote "8.31559 → 8.31559": f takes the digits that tell them apart, as x does."""
    res = compute(preset("wiggly").scenario.with_(lrs=(0.2, 0.3), steps=100))
    formula = step_formula(res, 0, 12)
    before, after = re.search(r"f: (\S+) → (\S+) ↓", formula.note).groups()
    assert before != after
    assert float(before) == pytest.approx(res.loss[0, 12], rel=1e-7)
    assert float(after) == pytest.approx(res.loss[0, 13], rel=1e-7)
