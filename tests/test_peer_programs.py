"""Whole small programs written the way HIPS autograd's and JAX's users write them, with
only the imports changed (``autograd`` -> ``dualtape``, ``autograd.numpy`` and
``jax.numpy`` -> ``dualtape.numpy``, ``jax`` -> ``dualtape``), each checked against
finite differences or a closed form.  The peers' NumPy is imported here as `anp`
(autograd's users call it np) and `jnp`; plain NumPy, `np`, checks the answers."""
import matplotlib
import numpy as np

import dualtape as jax
import dualtape.numpy as anp
import dualtape.numpy as jnp
from dualtape import defvjp, elementwise_grad as egrad, grad, make_hvp, primitive
from dualtape.optimizers import adam
from conftest import numeric_jacobian

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)


def test_autograd_tanh_and_four_of_its_derivatives_plotted():
    def tanh(x):
        y = anp.exp(-2.0 * x)
        return (1.0 - y) / (1.0 + y)

    x = anp.linspace(-7, 7, 200)
    curves = [tanh]
    for _ in range(4):
        curves.append(egrad(curves[-1]))
    figure, axes = plt.subplots()
    for f in curves:
        axes.plot(x, f(x))
    plt.close(figure)

    # closed forms, with t = tanh x and s = 1 - t²: t' = s, t'' = -2ts,
    # t''' = 4t²s - 2s², t'''' = 16ts² - 8t³s
    t = np.tanh(x)
    s = 1 - t * t
    expected = [t, s, -2 * t * s, 4 * t * t * s - 2 * s * s, 16 * t * s * s - 8 * t ** 3 * s]
    for f, values in zip(curves, expected):
        np.testing.assert_allclose(f(x), values, atol=1e-12)


def test_autograd_logistic_regression_by_newton_cg_with_make_hvp():
    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((40, 3))
    targets = (inputs @ np.array([1.5, -2.0, 0.5]) + 0.3 * rng.standard_normal(40) > 0) * 1.0

    def sigmoid(z):
        return 0.5 * (anp.tanh(z / 2.0) + 1.0)

    def training_loss(weights):
        predictions = sigmoid(anp.dot(inputs, weights))
        probabilities = predictions * targets + (1 - predictions) * (1 - targets)
        return -anp.sum(anp.log(probabilities)) + 0.5 * anp.dot(weights, weights)

    def conjugate_gradient(hvp, b, iterations=20):
        x, r = np.zeros_like(b), b.copy()
        p = r.copy()
        for _ in range(iterations):
            hp = hvp(p)
            alpha = r @ r / (p @ hp)
            x, r_next = x + alpha * p, r - alpha * hp
            if np.linalg.norm(r_next) < 1e-12:
                break
            p, r = r_next + (r_next @ r_next) / (r @ r) * p, r_next
        return x

    weights = np.zeros(3)
    for _ in range(8):
        hvp, gradient = make_hvp(training_loss)(weights)
        weights = weights + conjugate_gradient(hvp, -gradient)

    def plain_loss(w):
        p = 1 / (1 + np.exp(-inputs @ w))
        return -np.sum(np.log(p * targets + (1 - p) * (1 - targets))) + 0.5 * w @ w
    np.testing.assert_allclose(grad(training_loss)(weights), 0.0, atol=1e-10)
    np.testing.assert_allclose(numeric_jacobian(plain_loss, weights), 0.0, atol=1e-6)
    hessian = numeric_jacobian(lambda w: numeric_jacobian(plain_loss, w), weights, h=1e-4)
    v = np.array([1.0, -1.0, 2.0])
    np.testing.assert_allclose(make_hvp(training_loss)(weights)[0](v), hessian @ v, rtol=1e-5)


def test_autograd_primitive_with_its_own_vjp_in_a_softmax_classifier():
    @primitive
    def logsumexp(x):
        biggest = np.max(x, axis=-1, keepdims=True)
        return np.log(np.sum(np.exp(x - biggest), axis=-1)) + biggest[..., 0]

    def logsumexp_vjp(ans, x):
        return lambda g: g[..., None] * anp.exp(x - ans[..., None])
    defvjp(logsumexp, logsumexp_vjp)
    try:
        rng = np.random.default_rng(1)
        features, labels = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)

        def loss(w):
            logits = features @ w
            return anp.sum(logsumexp(logits) - logits[np.arange(6), labels])

        def plain_loss(w):
            logits = features @ w.reshape(4, 3)
            return np.sum(np.log(np.sum(np.exp(logits), axis=1)) - logits[np.arange(6), labels])
        w = rng.standard_normal((4, 3))
        expected = numeric_jacobian(plain_loss, w.ravel()).reshape(4, 3)
        np.testing.assert_allclose(grad(loss)(w), expected, rtol=1e-7)
        np.testing.assert_allclose(jax.jacfwd(loss)(w), expected, rtol=1e-7)     # transposed vjp
    finally:
        logsumexp.unregister()


def test_jax_mlp_trained_with_value_and_grad_on_a_pytree_of_parameters():
    rng = np.random.default_rng(2)
    x_train = rng.uniform(-2, 2, (32, 1))
    y_train = np.sin(2 * x_train)
    sizes = [1, 16, 16, 1]
    params = [{"w": rng.standard_normal((m, n)) / np.sqrt(m), "b": np.zeros(n)}
              for m, n in zip(sizes[:-1], sizes[1:])]

    def predict(params, x):
        for layer in params[:-1]:
            x = jnp.tanh(x @ layer["w"] + layer["b"])
        return x @ params[-1]["w"] + params[-1]["b"]

    def loss(params, x, y):
        return jnp.mean((predict(params, x) - y) ** 2)

    def example_loss(params, x, y):
        return jnp.sum((predict(params, x[None]) - y) ** 2)

    value, grads = jax.value_and_grad(loss)(params, x_train, y_train)
    per_example = jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(params, x_train, y_train)
    for g, each in zip(jax.tree_util.tree_leaves(grads), jax.tree_util.tree_leaves(per_example)):
        np.testing.assert_allclose(g, each.mean(axis=0), rtol=1e-12, atol=1e-15)

    def plain_loss(w_middle):                     # the loss in the middle weights, NumPy only
        h = np.tanh(x_train @ params[0]["w"] + params[0]["b"])
        h = np.tanh(h @ w_middle.reshape(16, 16) + params[1]["b"])
        return np.mean((h @ params[2]["w"] + params[2]["b"] - y_train) ** 2)
    np.testing.assert_allclose(grads[1]["w"].ravel(), numeric_jacobian(
        plain_loss, params[1]["w"].ravel()), rtol=1e-6, atol=1e-9)

    losses = [value]
    for _ in range(200):
        value, grads = jax.value_and_grad(loss)(params, x_train, y_train)
        params = jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads)
        losses.append(value)
    assert losses[-1] < 0.25 * losses[0]


def test_jax_custom_derivatives_for_numerically_stable_functions():
    @jax.custom_jvp
    def log1pexp(x):
        return jnp.logaddexp(0.0, x)

    @log1pexp.defjvp
    def log1pexp_jvp(primals, tangents):
        (x,), (x_dot,) = primals, tangents
        return log1pexp(x), x_dot / (1 + jnp.exp(-x))

    @jax.custom_vjp
    def safe_norm(x):
        return jnp.sqrt(jnp.sum(x ** 2))

    def safe_norm_fwd(x):
        norm = safe_norm(x)
        return norm, (x, norm)

    def safe_norm_bwd(residuals, g):
        x, norm = residuals
        return (g * x / jnp.where(norm == 0, 1.0, norm),)
    safe_norm.defvjp(safe_norm_fwd, safe_norm_bwd)
    try:
        x = np.array([-30.0, 0.0, 2.0, 800.0])
        sigmoid = 1 / (1 + np.exp(-x))
        np.testing.assert_allclose(jax.vmap(jax.grad(log1pexp))(x), sigmoid, rtol=1e-15)
        # second derivative through the rule: σ(x)(1 - σ(x))
        np.testing.assert_allclose(jax.vmap(jax.grad(jax.grad(log1pexp)))(x),
                                   sigmoid * (1 - sigmoid), rtol=1e-12, atol=1e-300)
        np.testing.assert_array_equal(jax.grad(safe_norm)(np.zeros(3)), np.zeros(3))
        v = np.array([3.0, 0.0, -4.0])
        np.testing.assert_allclose(jax.grad(safe_norm)(v), v / 5.0, rtol=1e-15)
        np.testing.assert_allclose(jax.jacfwd(safe_norm)(v), v / 5.0, rtol=1e-15)
        # (I - u uᵀ)/|v| with u = v/|v|
        np.testing.assert_allclose(jax.hessian(safe_norm)(v),
                                   (np.eye(3) - np.outer(v, v) / 25.0) / 5.0, atol=1e-15)
    finally:
        log1pexp.unregister()
        safe_norm.unregister()


def test_jax_linearize_of_an_ode_step_propagates_perturbations():
    def lotka_volterra(state, t):
        prey, predators = state[0], state[1]
        return jnp.stack([1.1 * prey - 0.4 * prey * predators,
                          0.1 * prey * predators - 0.4 * predators])

    def rk4_step(state, t, dt=0.1):
        k1 = lotka_volterra(state, t)
        k2 = lotka_volterra(state + dt / 2 * k1, t + dt / 2)
        k3 = lotka_volterra(state + dt / 2 * k2, t + dt / 2)
        k4 = lotka_volterra(state + dt * k3, t + dt)
        return state + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    state = np.array([10.0, 5.0])
    next_state, step_jvp = jax.linearize(lambda s: rk4_step(s, 0.0), state)
    jacobian = np.stack([step_jvp(e) for e in np.eye(2)], axis=1)

    def plain_step(s):
        return np.asarray(rk4_step(s, 0.0))
    np.testing.assert_allclose(jacobian, numeric_jacobian(plain_step, state), rtol=1e-8)
    np.testing.assert_allclose(next_state, plain_step(state), rtol=1e-15)
    # a perturbation carried through 20 linearized steps, against the perturbed trajectory
    delta, s = np.array([1e-6, -2e-6]), state
    perturbed = state + delta
    for _ in range(20):
        s, step_jvp = jax.linearize(lambda s: rk4_step(s, 0.0), s)
        delta = step_jvp(delta)
        perturbed = plain_step(perturbed)
    np.testing.assert_allclose(delta, perturbed - s, rtol=1e-4)


def test_autograd_adam_fits_a_pytree_as_autograds_optimizer_does():
    rng = np.random.default_rng(3)
    t = np.linspace(0, 1, 20)
    data = 2.0 * np.exp(-1.5 * t) + 0.01 * rng.standard_normal(20)

    def objective(params, iteration):
        model = params["amplitude"] * anp.exp(-params["rate"] * t)
        return anp.sum((model - data) ** 2)
    fitted = adam(grad(objective), {"amplitude": 1.0, "rate": 0.5}, num_iters=2000, step_size=0.02)
    gradient = numeric_jacobian(lambda p: np.sum((p[0] * np.exp(-p[1] * t) - data) ** 2),
                                np.array([fitted["amplitude"], fitted["rate"]]))
    np.testing.assert_allclose(gradient, 0.0, atol=1e-4)
    assert abs(fitted["amplitude"] - 2.0) < 0.05 and abs(fitted["rate"] - 1.5) < 0.05
