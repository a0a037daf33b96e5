/**
 * Python names for generated code. Node ids are already identifiers (see idPattern), used as both
 * the module attribute (`self.conv1`) and the forward variable (`conv1`); only clashes with
 * Python's keywords, the names the file imports or defines, and nn.Module's own attributes need
 * a suffix.
 */
import type { GraphDocument } from '../../graph/document.ts';
import { modelNameFor } from '../names.ts';
import { pythonCommentText } from '../identifiers.ts';

const reserved = new Set(
  // Keywords and builtins a forward body could shadow.
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield self super len range list tuple dict set int float str bool print input max min sum ' +
    'abs round any all zip map filter iter next id hash format open slice object vars dir ' +
    // What model.py imports and defines.
    'torch nn F np json math Path annotations build_model load_weights pad_same avg_pool_same ' +
    'upsample_bilinear SeparableConv2d BatchNorm LayerNorm Recurrent Bidirectional ' +
    // nn.Module's attributes: a submodule of one of these names would replace a method.
    'training forward eval train cuda cpu to type double half bfloat16 apply parameters buffers ' +
    'children modules state_dict load_state_dict zero_grad register_buffer register_parameter ' +
    'add_module register_module named_parameters named_buffers named_children named_modules ' +
    'requires_grad_ share_memory extra_repr get_submodule get_parameter get_buffer ipu xpu ' +
    'dump_patches call_super_init to_empty get_extra_state set_extra_state ' +
    'register_forward_hook register_forward_pre_hook register_backward_hook ' +
    'register_full_backward_hook register_full_backward_pre_hook'
  ).split(/\s+/),
);

/** Hands out Python names that clash with nothing reserved and no earlier name. */
export class PythonNames {
  private readonly taken = new Set<string>(reserved);

  take(wanted: string): string {
    let name = wanted;
    if (this.taken.has(name)) name = `${wanted}_`;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`;
    this.taken.add(name);
    return name;
  }
}

/** The module's class name: the document title in CamelCase (`lenet_5` → `Lenet5`). */
export function pythonClassName(doc: GraphDocument): string {
  const camel = modelNameFor(doc)
    .split('_')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return reserved.has(camel) ? `${camel}Model` : camel;
}

/** Text safe inside a `#` comment or a docstring. */
export const pythonComment = pythonCommentText;
