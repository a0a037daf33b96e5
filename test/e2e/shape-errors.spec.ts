/**
 * Mistakes a learner makes, and what the canvas says about them: a window too big for its input,
 * a wire that would close a loop. Each is marked where it happens, explained in a sentence, and
 * goes away when fixed.
 */
import { expect, test } from './fixtures/netwright-page.ts';

test('a shape error is marked, explained on hover and in the problems list, and fixed', async ({
  app,
}) => {
  const input = await app.addNode('Input', { x: 140, y: 100 });
  const conv = await app.addNode('Conv2D', { x: 440, y: 100 });
  const flatten = await app.addNode('Flatten', { x: 140, y: 280 });
  const dense = await app.addNode('Dense', { x: 440, y: 280 });
  const loss = await app.addNode('MeanSquaredErrorLoss', { x: 300, y: 460 });
  await app.connect(input, conv);
  await app.connect(conv, flatten);
  await app.connect(flatten, dense);
  await app.connect(dense, loss);
  await expect(app.page.getByTestId('status-problems')).toHaveText('0 0');

  // A 4×4 image is too small for a 5×5 'valid' window: 5 > 4.
  await app.select(input);
  await app.setParam('shape', '4, 4, 1');
  await app.select(conv);
  await app.setParam('kernelSize', ['5', '5']);

  const convNode = app.node(conv);
  await expect(convNode).toHaveAttribute('data-state', 'error');
  await expect(app.outputShape(conv)).toHaveText('no shape');
  await convNode.locator('.layer-node__description').hover();
  const explanation = convNode.getByTestId('node-problems');
  await expect(explanation).toBeVisible();
  await expect(explanation).toContainText('E014');
  await expect(explanation).toContainText(
    "window of 5 is larger than its input of 4 with padding 'valid'",
  );
  // What follows the broken layer has no shape to work with, but is not blamed for it.
  await expect(app.node(dense)).toHaveAttribute('data-state', 'ok');
  await app.screenshot('error-state', { keepPointer: true });

  const problems = await app.openProblems();
  const listed = problems.getByTestId('problem').filter({ hasText: 'E014' });
  await expect(listed).toHaveCount(1);
  await app.page.mouse.move(0, 0);
  await app.select(input);
  await listed.click();
  // Clicking a problem selects its node: the inspector shows it.
  await expect(app.inspector).toContainText(conv);
  await expect(app.page.getByTestId('inspector-problems')).toContainText('E014');

  await app.setParam('padding', 'same');
  await expect(convNode).toHaveAttribute('data-state', 'ok');
  // 'same' padding with stride 1 keeps 4×4; 32 filters.
  await expect(app.edgeLabel(conv, flatten)).toHaveText('4×4×32');
  await expect(problems.getByTestId('problem')).toHaveCount(0);
  await expect(app.page.getByTestId('status-problems')).toHaveText('0 0');
});

test('a connection that cannot work is refused with the reason', async ({ app }) => {
  const input = await app.addNode('Input', { x: 130, y: 110 });
  const dense = await app.addNode('Dense', { x: 440, y: 110 });
  const add = await app.addNode('Add', { x: 130, y: 330 });
  const after = await app.addNode('Dense', { x: 440, y: 330 });
  await app.connect(input, dense);
  await app.connect(dense, add, 0);
  await app.connect(add, after);
  await expect(app.page.locator('.react-flow__edge')).toHaveCount(3);

  // after → add would feed the Add with something computed from the Add itself.
  await app.connect(after, add, 1);
  const loop = app.toasts().filter({ hasText: 'Connection refused' });
  await expect(loop).toBeVisible();
  await expect(loop).toContainText('E010');
  await expect(loop).toContainText('would close a loop');
  await expect(app.page.locator('.react-flow__edge')).toHaveCount(3);

  // A Dense has one input, and it is taken.
  await app.connect(input, after);
  const taken = app.toasts().filter({ hasText: 'already connected' });
  await expect(taken).toBeVisible();
  await expect(taken).toContainText('E019');
  await expect(app.page.locator('.react-flow__edge')).toHaveCount(3);
});
