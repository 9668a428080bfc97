"""A hand-written numpy MLP trainer: the practical ceiling of the machine for bench/peers/compare.mjs.

Reads a job (JSON, path in argv[1]) naming the model, the batch, the learning rate and .npy files
written by compare.mjs (the rows, labels or targets, and shardwise's initial parameters as one flat
vector laid out layer by layer: W as [inputs][outputs] row-major, then b). Trains with plain SGD
on batches 0, 1, ... in order, exactly as shardwise does. Prints the losses of the first `checkSteps`
steps from the initial weights as a JSON line, then restarts from the initial weights and answers
commands on stdin, one a line: `stretch SECONDS` trains for that long and replies with samples/s
(compare.mjs interleaves these stretches with the other peers' so all see the same machine load);
`quit` ends it.

The matrix products go to numpy's BLAS (OpenBLAS here) with as many threads as it is allowed:
set OPENBLAS_NUM_THREADS=1 before starting for a single-core figure.
"""

import json
import os
import sys
import time

import numpy as np
from blas_info import blas_info


def load_job(path):
    with open(path, encoding="utf-8") as handle:
        job = json.load(handle)
    dtype = np.float32 if job["dtype"] == "f32" else np.float64
    sizes = job["sizes"]
    x = np.load(job["x"]).astype(dtype, copy=False).reshape(-1, sizes[0])
    if job["loss"] == "ce":
        y = np.load(job["labels"]).astype(np.int64)
    else:
        y = np.load(job["targets"]).astype(dtype, copy=False).reshape(-1, sizes[-1])
    return job, dtype, x, y


def initial_parameters(flat, sizes):
    weights, biases, offset = [], [], 0
    for inputs, outputs in zip(sizes[:-1], sizes[1:]):
        weights.append(flat[offset : offset + inputs * outputs].reshape(inputs, outputs).copy())
        offset += inputs * outputs
        biases.append(flat[offset : offset + outputs].copy())
        offset += outputs
    return weights, biases


def make_step(job, weights, biases):
    activation = job["activation"]
    loss_kind = job["loss"]
    out_tanh = job["outActivation"] == "tanh"
    lr = job["lr"]
    layers = len(weights)

    def forward_act(z):
        if activation == "relu":
            np.maximum(z, 0, out=z)
        elif activation == "tanh":
            np.tanh(z, out=z)
        else:
            np.negative(z, out=z)
            np.exp(z, out=z)
            z += 1
            np.reciprocal(z, out=z)
        return z

    def backward_act(a, da):
        if activation == "relu":
            da *= a > 0
        elif activation == "tanh":
            da *= 1 - a * a
        else:
            da *= a * (1 - a)
        return da

    def step(x, y):
        """One SGD step on (x, y); returns the mean loss before the update (a numpy scalar)."""
        rows = x.shape[0]
        acts = [x]
        a = x
        for layer in range(layers):
            z = a @ weights[layer]
            z += biases[layer]
            a = forward_act(z) if layer < layers - 1 else z
            acts.append(a)
        z = acts[-1]
        if loss_kind == "ce":
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            s = e.sum(axis=1, keepdims=True)
            index = np.arange(rows)
            loss = np.log(s[:, 0]).sum() - z[index, y].sum()
            loss = loss / rows
            dz = e
            dz /= s
            dz[index, y] -= 1
            dz /= rows
        else:
            o = np.tanh(z) if out_tanh else z
            d = o - y
            loss = (d * d).mean()
            dz = d * (2 / d.size)
            if out_tanh:
                dz *= 1 - o * o
        for layer in range(layers - 1, -1, -1):
            a_prev = acts[layer]
            grad_w = a_prev.T @ dz
            grad_b = dz.sum(axis=0)
            if layer > 0:
                dz = backward_act(a_prev, dz @ weights[layer].T)
            grad_w *= lr
            weights[layer] -= grad_w
            grad_b *= lr
            biases[layer] -= grad_b
        return loss

    return step


def main():
    job, dtype, x, y = load_job(sys.argv[1])
    sizes = job["sizes"]
    batch = job["batch"]
    epoch_steps = x.shape[0] // batch
    xs = [np.ascontiguousarray(x[s * batch : (s + 1) * batch]) for s in range(epoch_steps)]
    ys = [y[s * batch : (s + 1) * batch] for s in range(epoch_steps)]
    flat = np.load(job["params"]).astype(dtype, copy=False)

    weights, biases = initial_parameters(flat, sizes)
    step = make_step(job, weights, biases)
    losses = [float(step(xs[s % epoch_steps], ys[s % epoch_steps])) for s in range(job["checkSteps"])]
    reply(
        {
            "losses": losses,
            "numpy": np.__version__,
            "blasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
            "blas": blas_info(),
        }
    )

    weights, biases = initial_parameters(flat, sizes)
    step = make_step(job, weights, biases)
    cursor = 0

    def stretch(seconds):
        """Trains for at least `seconds` on batches in order; returns samples/s."""
        nonlocal cursor
        steps = 0
        t0 = time.perf_counter()
        while True:
            step(xs[cursor], ys[cursor])
            cursor = (cursor + 1) % epoch_steps
            steps += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                return steps * batch / elapsed

    # Commands from compare.mjs, one a line: `stretch SECONDS` (answered with samples/s) or `quit`.
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "stretch":
            reply({"samplesPerSecond": stretch(float(argument))})
        elif command == "quit":
            break
        else:
            reply({"error": f"unknown command {command!r}"})


def reply(record):
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
