/**
 * Blocks: box-select some layers, group them under a name, collapse the block to one node that
 * shows what goes in, what comes out and what it weighs, and expand it again.
 */
import { expect, test } from './fixtures/netwright-page.ts';

test('group the selection into a named block, collapse and expand it', async ({ app }) => {
  const input = await app.addNode('Input', { x: 140, y: 110 });
  const conv = await app.addNode('Conv2D', { x: 440, y: 110 });
  const pool = await app.addNode('MaxPool2D', { x: 440, y: 300 });
  const flatten = await app.addNode('Flatten', { x: 140, y: 300 });
  await app.connect(input, conv);
  await app.connect(conv, pool);
  await app.connect(pool, flatten);

  await app.boxSelect({ x: 300, y: 40 }, { x: 680, y: 380 });
  await expect(app.page.getByTestId('status-bar')).toContainText('2 selected');
  await app.group('Feature block');

  const frame = app.page.locator('[data-testid^="frame-"]');
  await expect(frame).toContainText('Feature block');
  await expect(frame).toContainText('2 layers');

  await app.collapse('Feature block');
  await expect(app.node(conv)).toHaveCount(0);
  await expect(app.node(pool)).toHaveCount(0);
  const block = app.page.locator('[data-testid^="block-group_"]');
  // In: the 28×28×1 image. Out: 2×2/2 pooling of the 26×26×32 conv output. Weight: the conv's
  // 3·3·1·32 + 32 = 320 parameters (pooling has none).
  await expect(block.getByTestId('block-inputs')).toHaveText('28×28×1');
  await expect(block.getByTestId('block-outputs')).toHaveText('13×13×32');
  await expect(block.getByTestId('block-params')).toHaveText('320 params');
  // The wires that cross the block's edge still say what they carry.
  await expect(app.page.locator('.edge-label', { hasText: '28×28×1' })).toHaveCount(1);
  await expect(app.page.locator('.edge-label', { hasText: '13×13×32' })).toHaveCount(1);
  await app.screenshot('collapsed-block');

  await app.expand('Feature block');
  await expect(app.node(conv)).toBeVisible();
  await expect(app.edgeLabel(conv, pool)).toHaveText('26×26×32');

  // Collapsing is an edit like any other: undo folds it back.
  await app.undo();
  await expect(block).toBeVisible();
  await app.undo();
  await expect(app.node(conv)).toBeVisible();
  await app.undo(); // the grouping
  await expect(frame).toHaveCount(0);
});
