/**
 * Building a small CNN by hand: drag layers from the palette, wire them, and read the shapes
 * and counts the canvas shows. Expected figures are worked out by hand in the comments (the
 * standard formulas), not read back from the app.
 */
import { expect, test } from './fixtures/netwright-page.ts';

test('an empty canvas explains how to start', async ({ app }) => {
  await expect(app.page.getByTestId('empty-canvas')).toContainText('Drag a layer from the palette');
  await expect(app.page).toHaveTitle(/Untitled — Netwright/);
  await app.screenshot('empty-canvas');
});

test('build a small CNN by drag and drop and read its shapes and parameter count', async ({
  app,
}) => {
  const input = await app.addNode('Input', { x: 140, y: 100 });
  const conv = await app.addNode('Conv2D', { x: 420, y: 100 });
  const pool = await app.addNode('MaxPool2D', { x: 140, y: 270 });
  const flatten = await app.addNode('Flatten', { x: 420, y: 270 });
  const dense = await app.addNode('Dense', { x: 140, y: 440 });
  const loss = await app.addNode('CategoricalCrossentropyLoss', { x: 420, y: 440 });
  expect([input, conv, pool, flatten, dense, loss]).toEqual([
    'input_1',
    'conv2d_1',
    'max_pool2d_1',
    'flatten_1',
    'dense_1',
    'categorical_crossentropy_loss_1',
  ]);

  await app.connect(input, conv);
  await app.connect(conv, pool);
  await app.connect(pool, flatten);
  await app.connect(flatten, dense);
  await app.connect(dense, loss);

  await app.select(dense);
  await app.setParam('units', '10');
  await app.setParam('activation', 'softmax');

  // 28×28×1 in; a 3×3 'valid' conv with 32 filters gives 26×26×32; 2×2/2 pooling 13×13×32;
  // flattening 13·13·32 = 5408; Dense gives 10.
  await expect(app.edgeLabel(input, conv)).toHaveText('28×28×1');
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×32');
  await expect(app.edgeLabel(pool, flatten)).toHaveText('13×13×32');
  await expect(app.edgeLabel(flatten, dense)).toHaveText('5408');
  await expect(app.edgeLabel(dense, loss)).toHaveText('10');

  // Conv: 3·3·1·32 weights + 32 biases = 320. Dense: 5408·10 + 10 = 54,090. Total 54,410.
  await expect(app.node(conv).getByTestId('node-params')).toHaveText('320 params');
  await expect(app.node(dense).getByTestId('node-params')).toHaveText('54.1K params');
  await expect(app.totalParams()).toHaveText('54.4K');
  await expect(app.page.getByTestId('status-params')).toHaveAttribute(
    'title',
    /^54,410 parameters/,
  );
  await expect(app.page.getByTestId('status-problems')).toHaveText('0 0');

  await app.autoLayout('top to bottom');
  await expect(app.edgeLabel(input, conv)).toBeInViewport();
  await expect(app.edgeLabel(dense, loss)).toBeInViewport();
  await app.select(conv);
  await app.screenshot('built-cnn');
});
