/**
 * The part of train.py that is the same for every network: data loading and splitting, the
 * (optionally distributed) training loop, evaluation and early stopping. It reads the constants
 * and functions train.ts writes above it (EPOCHS, LOSSES, make_optimizer, random_data, …).
 */
export const trainingLoopSource = `def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\\n')[0])
    parser.add_argument('--data', help='an .npz file as described above; random data when absent')
    parser.add_argument('--weights', help="Netwright's weights.json (or its folder) to start from")
    parser.add_argument('--out', default='model.pt', help='where process 0 saves the state_dict')
    parser.add_argument('--epochs', type=int, default=EPOCHS)
    parser.add_argument('--max-steps', type=int, default=0,
                        help='stop after this many batches in all (0: no limit), for smoke tests')
    parser.add_argument('--random-samples', type=int, default=64,
                        help='how many random samples to train on without --data')
    return parser.parse_args()


def start_processes():
    """One process, or one of several under torchrun (which sets WORLD_SIZE, RANK, LOCAL_RANK)."""
    world = int(os.environ.get('WORLD_SIZE', '1'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    cuda = torch.cuda.is_available()
    device = torch.device(f'cuda:{local_rank}' if cuda else 'cpu')
    if world > 1:
        if cuda:
            torch.cuda.set_device(device)
        dist.init_process_group('nccl' if cuda else 'gloo')
    rank = dist.get_rank() if world > 1 else 0
    return rank, world, device


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_data(path):
    with np.load(path) as arrays:
        wanted = INPUTS + [key for key, _, _ in LOSSES]
        missing = [key for key in wanted if key not in arrays]
        if missing:
            raise SystemExit(f'{path} lacks {", ".join(missing)}; it needs {", ".join(wanted)}')
        return {key: torch.from_numpy(arrays[key]) for key in wanted}


def split(data):
    """Test, dev and training parts of one shuffled order (seeded, so every process agrees)."""
    count = len(data[INPUTS[0]])
    order = torch.randperm(count, generator=torch.Generator().manual_seed(SEED)).tolist()
    size = (lambda n: round(count * n / 100)) if SPLIT_IN_PERCENT else (lambda n: int(n))
    test, dev = min(size(TEST_SPLIT), count), min(size(DEV_SPLIT), count)
    dataset = TensorDataset(*(data[key] for key in INPUTS + [key for key, _, _ in LOSSES]))
    return (Subset(dataset, order[test + dev:]), Subset(dataset, order[test:test + dev]),
            Subset(dataset, order[:test]))


def standardize(train):
    """Each feature (last axis) to mean 0 and deviation 1, fitted on the training split; the
    splits share one dataset, so dev and test are standardized with the same numbers."""
    tensors = list(train.dataset.tensors)
    for i, key in enumerate(INPUTS):
        if key in TOKEN_INPUTS:
            continue
        fitted = tensors[i][train.indices].float()
        axes = tuple(range(fitted.dim() - 1))
        mean, std = fitted.mean(dim=axes), fitted.std(dim=axes).clamp(min=1e-7)
        tensors[i] = (tensors[i].float() - mean) / std
    train.dataset.tensors = tuple(tensors)


def as_inputs(batch, device):
    inputs = [t.to(device) for t in batch[:len(INPUTS)]]
    inputs = [t if key in TOKEN_INPUTS else t.float() for key, t in zip(INPUTS, inputs)]
    return inputs, [t.to(device) for t in batch[len(INPUTS):]]


def total_loss(outputs, targets):
    return sum(weight * loss(output, target)
               for (_, loss, weight), output, target in zip(LOSSES, outputs, targets))


def correct(kind, output, target):
    """How many predictions of one output are right, and of how many."""
    if kind == 'classes':
        if target.dim() == output.dim():
            target = target.argmax(dim=-1)
        hits = output.argmax(dim=-1) == target.reshape(output.shape[:-1]).long()
    else:
        hits = (output > 0.5) == (target > 0.5)
    return hits.sum().item(), hits.numel()


def evaluate(model, dataset, device):
    """Mean loss over the samples, and accuracy of the first output that has one."""
    model.eval()
    loss_sum, count, right, seen = 0.0, 0, 0, 0
    with torch.no_grad():
        for batch in DataLoader(dataset, batch_size=BATCH_SIZE):
            inputs, targets = as_inputs(batch, device)
            outputs = model(*inputs)
            outputs = outputs if isinstance(outputs, tuple) else (outputs,)
            loss_sum += total_loss(outputs, targets).item() * len(targets[0])
            count += len(targets[0])
            for kind, output, target in zip(ACCURACY, outputs, targets):
                if kind is not None:
                    hits, total = correct(kind, output, target)
                    right, seen = right + hits, seen + total
                    break
    metrics = {'loss': loss_sum / max(count, 1)}
    if seen:
        metrics['accuracy'] = right / seen
    return metrics


def describe(metrics, prefix=''):
    return '  '.join(f'{prefix}{name} {value:.4f}' for name, value in metrics.items())


def main():
    args = parse_args()
    rank, world, device = start_processes()
    print(f'process {rank} of {world} on {device}', flush=True)
    seed_everything(SEED)
    data = load_data(args.data) if args.data else random_data(args.random_samples)
    train, dev, test = split(data)
    if STANDARDIZE:
        standardize(train)

    model = build_model(args.weights).to(device)
    # Each process holds a replica; DistributedDataParallel averages gradients between them.
    trained = DistributedDataParallel(model) if world > 1 else model
    optimizer = make_optimizer(model.parameters())
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, learning_rate_factor)
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=SEED) \\
        if world > 1 else None
    loader = DataLoader(train, batch_size=BATCH_SIZE, sampler=sampler, shuffle=sampler is None,
                        generator=torch.Generator().manual_seed(SEED))

    best, best_state, waited, steps = None, None, 0, 0
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        trained.train()
        loss_sum, count = 0.0, 0
        for batch in loader:
            inputs, targets = as_inputs(batch, device)
            inputs = [augment(x) if x.dim() == 4 else x for x in inputs]
            outputs = trained(*inputs)
            outputs = outputs if isinstance(outputs, tuple) else (outputs,)
            loss = total_loss(outputs, targets) + penalty(model)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum, count = loss_sum + loss.item() * len(targets[0]), count + len(targets[0])
            steps += 1
            if args.max_steps and steps >= args.max_steps:
                break
        learning_rate = optimizer.param_groups[0]['lr']
        schedule.step()

        stop = torch.zeros(1)
        if rank == 0:
            line = f'epoch {epoch + 1}/{args.epochs}  loss {loss_sum / max(count, 1):.4f}'
            dev_metrics = evaluate(model, dev, device) if len(dev) else {}
            print(f'{line}  {describe(dev_metrics, "dev ")}  lr {learning_rate:.6g}', flush=True)
            if EARLY_STOPPING and EARLY_STOPPING['monitor'] in dev_metrics:
                value = dev_metrics[EARLY_STOPPING['monitor']]
                better = best is None or (value < best if EARLY_STOPPING['better'] == 'lower'
                                          else value > best)
                if better:
                    best, waited = value, 0
                    best_state = copy.deepcopy(model.state_dict())
                else:
                    waited += 1
                    stop[0] = float(waited > EARLY_STOPPING['patience'] - 1)
        # Every process must leave the loop together, so process 0's decision is shared.
        if world > 1:
            dist.broadcast(stop, 0)
        if stop.item() or (args.max_steps and steps >= args.max_steps):
            break

    if rank == 0:
        if best_state is not None and EARLY_STOPPING['restore_best']:
            model.load_state_dict(best_state)
        if len(test):
            print(describe(evaluate(model, test, device), 'test '), flush=True)
        torch.save(model.state_dict(), args.out)
        print(f'saved {args.out}', flush=True)
    if world > 1:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
