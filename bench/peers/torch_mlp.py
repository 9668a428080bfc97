"""The PyTorch peer of bench/peers: the same job, protocol and SGD as numpy_mlp.py, written as a
PyTorch user would (nn.Sequential of nn.Linear, nn.CrossEntropyLoss / nn.MSELoss, torch.optim.SGD,
autograd), with shardwise's initial weights (W transposed into nn.Linear's [outputs][inputs]).

Threads: argv[2] is the count for torch.set_num_threads; the caller also sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS to it, so torch's own pool and the BLAS it calls (Debian's torch uses the
system's libblas.so.3, OpenBLAS here) run on the same number of threads.
"""

import json
import sys
import time

import numpy as np
import torch
from torch import nn

from blas_info import blas_info

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def build(job, flat, dtype):
    sizes = job["sizes"]
    layers, offset = [], 0
    for index, (inputs, outputs) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.Linear(inputs, outputs).to(dtype)
        w = flat[offset : offset + inputs * outputs].reshape(inputs, outputs)
        offset += inputs * outputs
        b = flat[offset : offset + outputs]
        offset += outputs
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
            linear.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(linear)
        if index < len(sizes) - 2:
            layers.append(ACTIVATIONS[job["activation"]]())
    if job["loss"] == "mse" and job["outActivation"] == "tanh":
        layers.append(nn.Tanh())
    model = nn.Sequential(*layers)
    loss_fn = nn.CrossEntropyLoss() if job["loss"] == "ce" else nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=job["lr"])

    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step


def main():
    torch.set_num_threads(int(sys.argv[2]))
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    np_dtype = np.float32 if job["dtype"] == "f32" else np.float64
    dtype = torch.float32 if job["dtype"] == "f32" else torch.float64
    sizes, batch = job["sizes"], job["batch"]
    x = np.load(job["x"]).astype(np_dtype, copy=False).reshape(-1, sizes[0])
    if job["loss"] == "ce":
        y = torch.from_numpy(np.load(job["labels"]).astype(np.int64))
    else:
        y = torch.from_numpy(np.load(job["targets"]).astype(np_dtype).reshape(-1, sizes[-1]))
    x = torch.from_numpy(x.copy())
    epoch_steps = x.shape[0] // batch
    xs = [x[s * batch : (s + 1) * batch].contiguous() for s in range(epoch_steps)]
    ys = [y[s * batch : (s + 1) * batch].contiguous() for s in range(epoch_steps)]
    flat = np.load(job["params"]).astype(np_dtype, copy=False)

    step = build(job, flat, dtype)
    losses = [float(step(xs[s % epoch_steps], ys[s % epoch_steps])) for s in range(job["checkSteps"])]
    reply(
        {
            "losses": losses,
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "blas": blas_info(),
        }
    )

    step = build(job, flat, dtype)
    cursor = 0

    def stretch(seconds):
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
