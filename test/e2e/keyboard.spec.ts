/**
 * The keyboard: quick-add at the pointer, the command palette, copy and paste through the system
 * clipboard, duplicate.
 */
import { expect, test } from './fixtures/netwright-page.ts';

test('quick-add a layer at the pointer with / and wire it after the selection', async ({ app }) => {
  const input = await app.addNode('Input', { x: 160, y: 140 });
  await app.select(input);
  const box = await app.canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await app.page.mouse.move(box.x + 480, box.y + 140);
  await app.page.keyboard.press('/');
  const quickAdd = app.page.getByTestId('quick-add');
  await expect(quickAdd).toBeVisible();
  await quickAdd.getByRole('textbox').fill('flat');
  await app.page.keyboard.press('Enter');
  await expect(quickAdd).toBeHidden();
  await expect(app.edgeLabel(input, 'flatten_1')).toHaveText('28×28×1');
  await expect(app.outputShape('flatten_1')).toHaveText('784');
});

test('the command palette finds and runs commands', async ({ app }) => {
  await app.page.keyboard.press('ControlOrMeta+Shift+P');
  const palette = app.page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox').fill('add dense');
  await expect(palette.getByRole('option').first()).toContainText('Add Dense');
  await app.page.keyboard.press('Enter');
  await expect(app.node('dense_1')).toBeVisible();
});

test('copy, paste and duplicate layers with their wires', async ({ app }) => {
  const input = await app.addNode('Input', { x: 140, y: 110 });
  const dense = await app.addNode('Dense', { x: 440, y: 110 });
  await app.connect(input, dense);
  await app.select(input);
  await app.setParam('kind', 'vector');
  await app.setParam('shape', '20');
  await app.select(dense);
  await app.setParam('units', '7');

  await app.boxSelect({ x: 10, y: 30 }, { x: 700, y: 200 });
  await app.focusCanvas();
  await app.page.keyboard.press('ControlOrMeta+C');
  const box = await app.canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await app.page.mouse.move(box.x + 60, box.y + 320);
  await app.page.keyboard.press('ControlOrMeta+V');
  await expect(app.page.locator('.react-flow__node-layer')).toHaveCount(4);
  // The copies are new layers with new ids, wired like the originals, settings included.
  await expect(app.edgeLabel('input_2', 'dense_2')).toHaveText('20');
  await expect(app.outputShape('dense_2')).toHaveText('7');

  await app.page.keyboard.press('ControlOrMeta+D');
  await expect(app.page.locator('.react-flow__node-layer')).toHaveCount(6);
  await expect(app.edgeLabel('input_3', 'dense_3')).toHaveText('20');
});

test('right-click offers the commands for what was clicked; arrows nudge as one undo step', async ({
  app,
}) => {
  const dense = await app.addNode('Dense', { x: 200, y: 150 });
  await app.node(dense).locator('.layer-node__header').click({ button: 'right' });
  const menu = app.page.getByTestId('context-menu');
  await expect(menu.getByRole('menuitem', { name: /Duplicate/ })).toBeEnabled();
  await menu.getByRole('menuitem', { name: /Duplicate/ }).click();
  await expect(app.page.locator('.react-flow__node-layer')).toHaveCount(2);

  await app.select(dense);
  const before = await app.nodePosition(dense);
  await app.focusCanvas();
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('Shift+ArrowDown');
  // 2 × 8 px right and 5 × 8 px down, at 100% zoom.
  await expect.poll(() => app.nodePosition(dense)).toEqual({ x: before.x + 16, y: before.y + 40 });
  await app.undo();
  await expect.poll(() => app.nodePosition(dense)).toEqual(before);
});
