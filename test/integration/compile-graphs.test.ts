/**
 * The compiler on graphs that are not a straight line: branches, merges, several inputs, several
 * outputs and shared weights. tfjs is the oracle for shapes and parameter counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { SymbolicTensor, Tensor } from '../../app/engine/tf.ts';
import { multiBranchGraphs, multiTask, siamesePair } from '../fixtures/graphs.ts';
import { expectInferenceMatchesTfjs, tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

beforeAll(useCpuBackend);

describe('multi-branch graphs: inferred shapes and parameter counts equal what tfjs builds', () => {
  it.each(multiBranchGraphs)('$name', ({ build }) => {
    const document = build();
    const compiled = expectInferenceMatchesTfjs(document);
    const inputNodes = document.nodes.filter((n) => n.type === 'Input').map((n) => n.id);
    expect(compiled.inputs).toEqual(inputNodes);
    expect(compiled.model.inputs.map((t) => t.shape)).toEqual(
      inputNodes.map((id) => compiled.tensors.get(id)?.shape),
    );
  });
});

describe('the residual block', () => {
  it('adds the shortcut: Add receives the Input tensor and the second conv', () => {
    const compiled = compileToLayersModel(tf, multiBranchGraphs[0]!.build());
    const add = compiled.model.getLayer('add_1');
    const inbound = add.inboundNodes[0]?.inboundLayers.map((l) => l.name);
    expect(inbound).toEqual(['image', 'conv_b']);
  });
});

describe('the inception module', () => {
  it('joins the four branches in port order along channels', () => {
    const compiled = compileToLayersModel(tf, multiBranchGraphs[1]!.build());
    const joined = compiled.model.getLayer('joined');
    expect(joined.inboundNodes[0]?.inboundLayers.map((l) => l.name)).toEqual([
      'b1_1x1',
      'b2_3x3',
      'b3_5x5',
      'b4_1x1',
    ]);
    // 4 + 6 + 3 + 3 channels, read off tfjs's tensor rather than inference
    expect(compiled.tensors.get('joined')?.shape).toEqual([null, 12, 12, 16]);
  });
});

describe('the two-head multi-task model', () => {
  it('has one output per loss node, in the loss nodes’ document order, with their weights', () => {
    const compiled = compileToLayersModel(tf, multiTask(0.5));
    expect(compiled.model.outputs).toHaveLength(2);
    expect(compiled.model.outputNames).toEqual(['head_a2', 'head_b']);
    expect(compiled.outputs.map((o) => [o.lossNode, o.node, o.loss.weight])).toEqual([
      ['loss_a', 'head_a2', 1],
      ['loss_b', 'head_b', 0.5],
    ]);
  });
});

describe('the Siamese pair', () => {
  it('applies one encoder twice: one layer, one set of variables', () => {
    const compiled = compileToLayersModel(tf, siamesePair());
    const left = compiled.tensors.get('encode_left') as SymbolicTensor;
    const right = compiled.tensors.get('encode_right') as SymbolicTensor;
    expect(right.sourceLayer).toBe(left.sourceLayer);
    expect(left.sourceLayer.inboundNodes).toHaveLength(2);
    // The encoder's kernel and bias, then the head's: four variables, not six.
    expect(compiled.model.weights).toHaveLength(4);
    // The same LayerVariable objects, each listed once.
    for (const v of left.sourceLayer.weights) {
      expect(compiled.model.weights.filter((m) => m === v)).toHaveLength(1);
    }
    // 6·4 + 4 for the encoder (once) and 4·1 + 1 for the head
    expect(compiled.model.countParams()).toBe(6 * 4 + 4 + (4 * 1 + 1));
  });

  it('changes both encodings when the shared weights change', () => {
    const compiled = compileToLayersModel(tf, siamesePair());
    const left = compiled.tensors.get('encode_left') as SymbolicTensor;
    const right = compiled.tensors.get('encode_right') as SymbolicTensor;
    const encodings = tf.model({ inputs: compiled.model.inputs, outputs: [left, right] });
    const same = tf.randomNormal([3, 6], 0, 1, 'float32', 7);
    const encode = () =>
      (encodings.predict([same, same]) as Tensor[]).map((t) => t.arraySync() as number[][]);

    const [leftBefore, rightBefore] = encode();
    expect(rightBefore).toEqual(leftBefore);

    // Overwrite the weights through the left node's layer only.
    const layer = compiled.model.getLayer('encode_left');
    layer.setWeights(layer.getWeights().map((w) => tf.mul(w, -2)));
    const [leftAfter, rightAfter] = encode();
    expect(leftAfter).not.toEqual(leftBefore);
    expect(rightAfter).not.toEqual(rightBefore);
    expect(rightAfter).toEqual(leftAfter);
  });
});
