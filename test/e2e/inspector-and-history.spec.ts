/**
 * Editing a layer in the inspector updates every shape and count as you type; undo and redo step
 * through what you did, a whole drag being one step.
 */
import { expect, test } from './fixtures/netwright-page.ts';
import type { NetwrightPage } from './fixtures/netwright-page.ts';

async function convChain(app: NetwrightPage) {
  const input = await app.addNode('Input', { x: 140, y: 110 });
  const conv = await app.addNode('Conv2D', { x: 440, y: 110 });
  const pool = await app.addNode('MaxPool2D', { x: 300, y: 300 });
  await app.connect(input, conv);
  await app.connect(conv, pool);
  return { input, conv, pool };
}

test('editing a setting in the inspector updates shapes and counts as you type', async ({
  app,
}) => {
  const { conv, pool } = await convChain(app);
  await app.select(conv);
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×32');
  await expect(app.node(conv).getByTestId('node-params')).toHaveText('320 params');

  // 64 filters: 26×26×64 out, 3·3·1·64 + 64 = 640 parameters.
  await app.setParam('filters', '64');
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×64');
  await expect(app.outputShape(pool)).toHaveText('13×13×64');
  await expect(app.node(conv).getByTestId('node-params')).toHaveText('640 params');
  await expect(app.page.getByTestId('inspector-params')).toHaveText('640');

  // Stride 2 with 'same' padding: ⌈28 / 2⌉ = 14.
  await app.setParam('padding', 'same');
  await app.setParam('strides', ['2', '2']);
  await expect(app.edgeLabel(conv, pool)).toHaveText('14×14×64');

  // Something that is not a count is refused in the field, and the node keeps its last good value.
  await app.setParam('filters', 'many');
  await expect(app.paramError('filters')).toHaveText('Enter a whole number.');
  await app.setParam('filters', '0');
  await expect(app.paramError('filters')).toContainText('between 1 and');
  await expect(app.edgeLabel(conv, pool)).toHaveText('14×14×64');
});

test('undo and redo step through edits; a drag is one step; selection is not a step', async ({
  app,
}) => {
  const { input, conv, pool } = await convChain(app);
  await app.select(conv);
  await app.setParam('filters', '16');
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×16');

  const before = await app.nodePosition(pool);
  await app.moveNode(pool, { x: 120, y: 60 });
  const after = await app.nodePosition(pool);
  expect(after.x - before.x).toBeGreaterThan(100);

  // Selecting things in between does not add steps.
  await app.select(input);
  await app.select(pool);

  await app.undo(); // the drag, all of it
  await expect.poll(() => app.nodePosition(pool)).toEqual(before);
  await app.undo(); // typing 16
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×32');
  await app.undo(); // the wire conv → pool
  await expect(app.edgeLabel(conv, pool)).toHaveCount(0);

  await app.redo();
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×32');
  await app.redo();
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×16');
  await app.redo();
  await expect.poll(() => app.nodePosition(pool)).toEqual(after);

  // Deleting is a step too, and undo brings the node back with its wires.
  await app.select(conv);
  await app.deleteSelection();
  await expect(app.node(conv)).toHaveCount(0);
  await app.undo();
  await expect(app.edgeLabel(input, conv)).toHaveText('28×28×1');
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×16');
});
