"""LeNet-5 (modern) on MNIST in PyTorch: the baseline for test/bench/training-speed.ts.

The same network as templates/lenet-modern.json (conv 6@5x5 'same' + ReLU, 2x2 max pool,
conv 16@5x5 + ReLU, 2x2 max pool, 400 -> 120 -> 84 -> 10), Adam, batches of 64, the same
MNIST files. Prints one JSON line: {"samples_per_s": ..., "samples_per_cpu_s": ...,
"torch": ..., "threads": ..., "loss": ...}.

Usage: python3 lenet_torch.py MNIST_DATA_DIR BATCHES WARMUP_BATCHES THREADS
"""

import json
import os
import sys
import time

import torch
from torch import nn


def read_images(path, count):
    with open(path, "rb") as f:
        f.read(16)
        data = f.read(28 * 28 * count)
    pixels = torch.frombuffer(bytearray(data), dtype=torch.uint8)
    return pixels.reshape(count, 1, 28, 28).float() / 255.0


def read_labels(path, count):
    with open(path, "rb") as f:
        f.read(8)
        data = f.read(count)
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).long()


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


def main():
    data_dir, batches, warmup, threads = sys.argv[1], *map(int, sys.argv[2:5])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    batch = 64
    count = batch * max(batches, warmup)
    images = read_images(os.path.join(data_dir, "train-images-idx3-ubyte"), count)
    labels = read_labels(os.path.join(data_dir, "train-labels-idx1-ubyte"), count)
    model = lenet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    # CrossEntropyLoss takes logits: the softmax the tfjs model applies is folded in here.
    loss_fn = nn.CrossEntropyLoss()

    def train(n):
        for i in range(n):
            x = images[i * batch : (i + 1) * batch]
            y = labels[i * batch : (i + 1) * batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        return float(loss)

    train(warmup)
    start = time.perf_counter()
    cpu_start = time.process_time()
    loss = train(batches)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(
        json.dumps(
            {
                "samples_per_s": batches * batch / seconds,
                "samples_per_cpu_s": batches * batch / cpu_seconds,
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "loss": loss,
            }
        )
    )


if __name__ == "__main__":
    main()
