/**
 * Python that exported modules carry for what PyTorch lacks or does differently from tfjs. Each
 * piece is emitted only when a layer asks for it (TorchLayer.helpers), after the pieces it uses.
 */
import type { TorchHelper } from '../../layers/pytorch.ts';

interface PreludePiece {
  source: string;
  uses?: readonly TorchHelper[];
}

const pieces: Record<TorchHelper, PreludePiece> = {
  pad_same: {
    source: `def pad_same(x, kernel_size, stride, dilation=None, value=0.0):
    """TensorFlow's 'same' padding on the last len(kernel_size) axes, worked out from the sizes at
    run time: the output gets ceil(n / stride) positions, and an odd pixel goes at the end."""
    dilation = dilation or (1,) * len(kernel_size)
    sizes = x.shape[-len(kernel_size):]
    pad = []
    for size, k, s, d in reversed(list(zip(sizes, kernel_size, stride, dilation))):
        total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pad += [total // 2, total - total // 2]
    return F.pad(x, pad, value=value)`,
  },
  avg_pool_same: {
    uses: ['pad_same'],
    source: `def avg_pool_same(x, kernel_size, stride):
    """Average pooling with TensorFlow's uneven 'same' padding, where padded zeros do not count:
    each window's sum divided by the number of real pixels in it."""
    ones = torch.ones_like(x[:1, :1])
    total = F.avg_pool2d(pad_same(x, kernel_size, stride), kernel_size, stride, divisor_override=1)
    count = F.avg_pool2d(pad_same(ones, kernel_size, stride), kernel_size, stride, divisor_override=1)
    return total / count`,
  },
  upsample_bilinear: {
    source: `def upsample_bilinear(x, scale):
    """Bilinear up-sampling as TensorFlow.js does it (TensorFlow 1's resize, no half-pixel
    centres): output pixel i reads input position i / scale, so the last ones repeat the edge."""
    for dim, factor in ((2, scale[0]), (3, scale[1])):
        size = x.shape[dim]
        position = torch.arange(size * factor, dtype=x.dtype, device=x.device) / factor
        low = position.floor().long()
        high = (low + 1).clamp(max=size - 1)
        shape = [-1 if d == dim else 1 for d in range(x.dim())]
        weight = (position - low.to(x.dtype)).view(shape)
        x = x.index_select(dim, low) * (1 - weight) + x.index_select(dim, high) * weight
    return x`,
  },
  SeparableConv2d: {
    source: `class SeparableConv2d(nn.Module):
    """Keras's SeparableConv2D: a depthwise convolution (depth_multiplier filters per input
    channel), then a 1×1 pointwise convolution that carries the bias."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 depth_multiplier=1, bias=True):
        super().__init__()
        middle = in_channels * depth_multiplier
        self.depthwise = nn.Conv2d(in_channels, middle, kernel_size, stride, padding, dilation,
                                   groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(middle, out_channels, 1, bias=bias)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))`,
  },
  BatchNorm: {
    source: `class BatchNorm(nn.Module):
    """Batch normalization over axis 1 (channels) that may learn only γ (scale) or only β
    (center), which PyTorch's BatchNorm layers cannot: Inception v3 learns β alone."""

    def __init__(self, channels, eps=1e-3, momentum=0.01, scale=True, center=True):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(channels)) if scale else None
        self.bias = nn.Parameter(torch.zeros(channels)) if center else None
        self.register_buffer('running_mean', torch.zeros(channels))
        self.register_buffer('running_var', torch.ones(channels))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            self.training, self.momentum, self.eps)`,
  },
  LayerNorm: {
    source: `class LayerNorm(nn.Module):
    """Layer normalization over the last axis that may learn only γ (scale) or only β (center);
    PyTorch 1.13's nn.LayerNorm learns both or neither."""

    def __init__(self, features, eps=1e-3, scale=True, center=True):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(features)) if center else None

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], self.weight, self.bias, self.eps)`,
  },
  Recurrent: {
    source: `class Recurrent(nn.Module):
    """One recurrent layer over a batch-first sequence, as TensorFlow.js computes it.

    Written out because nn.RNN, nn.LSTM and nn.GRU differ from the app's layers: they have two
    biases per gate where tfjs has one, only tanh (or ReLU) as activation, and a GRU that resets
    after the recurrent product where tfjs resets before it (Cho et al. 2014; Keras's
    reset_after=False). Weights follow PyTorch's layout and gate order: LSTM i, f, g, o; GRU r,
    z, n. Input dropout uses one mask for every time step, as tfjs does.
    """

    gates = {'rnn': 1, 'lstm': 4, 'gru': 3}
    activations = {'tanh': torch.tanh, 'relu': torch.relu, 'sigmoid': torch.sigmoid,
                   'linear': lambda v: v}

    def __init__(self, cell, input_size, hidden_size, activation='tanh', return_sequences=False,
                 dropout=0.0):
        super().__init__()
        gates = self.gates[cell]
        self.cell = cell
        self.hidden_size = hidden_size
        self.activation = self.activations[activation]
        self.return_sequences = return_sequences
        self.dropout = dropout
        self.weight_ih = nn.Parameter(torch.empty(gates * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(gates * hidden_size, hidden_size))
        self.bias = nn.Parameter(torch.zeros(gates * hidden_size))
        nn.init.xavier_uniform_(self.weight_ih)
        nn.init.orthogonal_(self.weight_hh)

    def forward(self, x):
        if self.training and self.dropout > 0:
            x = x * F.dropout(torch.ones_like(x[:, :1]), self.dropout)
        # W·x + b for every step at once; only the recurrent part runs step by step.
        projected = x @ self.weight_ih.T + self.bias
        h = x.new_zeros(x.shape[0], self.hidden_size)
        c = torch.zeros_like(h)
        outputs = []
        for t in range(x.shape[1]):
            step = projected[:, t]
            if self.cell == 'lstm':
                i, f, g, o = (step + h @ self.weight_hh.T).chunk(4, dim=1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * self.activation(g)
                h = torch.sigmoid(o) * self.activation(c)
            elif self.cell == 'gru':
                x_r, x_z, x_n = step.chunk(3, dim=1)
                w_r, w_z, w_n = self.weight_hh.chunk(3, dim=0)
                r = torch.sigmoid(x_r + h @ w_r.T)
                z = torch.sigmoid(x_z + h @ w_z.T)
                n = self.activation(x_n + (r * h) @ w_n.T)
                h = z * h + (1 - z) * n
            else:
                h = self.activation(step + h @ self.weight_hh.T)
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`,
  },
  Bidirectional: {
    uses: ['Recurrent'],
    source: `class Bidirectional(nn.Module):
    """Keras's Bidirectional: one layer reads the sequence forwards, the other backwards, and
    their outputs merge by 'concat', 'sum', 'ave' or 'mul' (step by step, in time order)."""

    def __init__(self, forward_layer, backward_layer, merge='concat'):
        super().__init__()
        self.forward_layer = forward_layer
        self.backward_layer = backward_layer
        self.merge = merge

    def forward(self, x):
        ahead = self.forward_layer(x)
        behind = self.backward_layer(x.flip(1))
        if self.backward_layer.return_sequences:
            behind = behind.flip(1)
        if self.merge == 'concat':
            return torch.cat([ahead, behind], dim=-1)
        if self.merge == 'sum':
            return ahead + behind
        if self.merge == 'ave':
            return (ahead + behind) / 2
        return ahead * behind`,
  },
};

/** The sources of the helpers asked for, with what they use, each once, dependencies first. */
export function preludeSources(wanted: Iterable<TorchHelper>): string[] {
  const order: TorchHelper[] = [];
  const visit = (name: TorchHelper) => {
    if (order.includes(name)) return;
    for (const used of pieces[name].uses ?? []) visit(used);
    order.push(name);
  };
  // A stable order (the table's), so the file does not change with the graph's node order.
  const asked = new Set(wanted);
  for (const name of Object.keys(pieces) as TorchHelper[]) if (asked.has(name)) visit(name);
  return order.map((name) => pieces[name].source);
}

/** Reading Netwright's weight files (see weights.ts for the format). */
export const loadWeightsSource = `def load_weights(model, path):
    """Loads weights exported by Netwright: \`path\` is weights.json (with weights.bin beside it)
    or their folder. Every tensor must match a parameter or buffer of the model, and every
    parameter and buffer must be given (BatchNorm's step counter excepted)."""
    path = Path(path)
    manifest_path = path / 'weights.json' if path.is_dir() else path
    manifest = json.loads(manifest_path.read_text())
    data = (manifest_path.parent / manifest['data']).read_bytes()
    state = model.state_dict()
    given = set()
    for tensor in manifest['tensors']:
        name, shape = tensor['name'], tuple(tensor['shape'])
        if name not in state:
            raise KeyError(f'{name} in {manifest_path} is not in the model')
        if tuple(state[name].shape) != shape:
            raise ValueError(f'{name}: the model has {tuple(state[name].shape)}, the file {shape}')
        count = int(np.prod(shape, dtype=np.int64))
        values = np.frombuffer(data, dtype='<f4', count=count, offset=tensor['offset'])
        state[name] = torch.from_numpy(values.reshape(shape).copy())
        given.add(name)
    missing = [k for k in state if k not in given and not k.endswith('num_batches_tracked')]
    if missing:
        raise KeyError(f'{manifest_path} lacks {", ".join(missing)}')
    model.load_state_dict(state)`;
