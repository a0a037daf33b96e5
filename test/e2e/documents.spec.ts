/**
 * Documents: save a network into the workspace, start over, open it again and get the same
 * document back; the title tracks the name and unsaved changes; closing with changes asks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverInfo } from './support/api.ts';
import { expect, test } from './fixtures/netwright-page.ts';

test('save, reopen and get the same document', async ({ app }) => {
  const input = await app.addNode('Input', { x: 140, y: 110 });
  const dense = await app.addNode('Dense', { x: 440, y: 110 });
  const loss = await app.addNode('MeanSquaredErrorLoss', { x: 300, y: 300 });
  await app.connect(input, dense);
  await app.connect(dense, loss);
  await app.select(input);
  await app.setParam('kind', 'vector');
  await app.setParam('shape', '20');
  await app.select(dense);
  await app.setParam('units', '3');
  await expect(app.page).toHaveTitle(/^• Untitled — Netwright$/);

  await app.saveAs('regression');
  await expect(app.page).toHaveTitle(/^regression\.nwg\.json — Netwright$/);
  await expect(app.page.getByTestId('dirty-marker')).toHaveCount(0);
  const path = join(serverInfo().workspace, 'regression.nwg.json');
  const saved = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: { id: string; params: Record<string, unknown> }[];
    edges: unknown[];
  };
  expect(saved.nodes.map((n) => n.id)).toEqual([input, dense, loss]);
  expect(saved.nodes[1]?.params.units).toBe(3);
  expect(saved.edges).toHaveLength(2);

  await app.newDocument();
  await expect(app.page.getByTestId('empty-canvas')).toBeVisible();

  await app.open('regression.nwg.json');
  await expect(app.page).toHaveTitle(/^regression\.nwg\.json — Netwright$/);
  // 20 features into 3 units: 20·3 + 3 = 63 parameters.
  await expect(app.edgeLabel(input, dense)).toHaveText('20');
  await expect(app.edgeLabel(dense, loss)).toHaveText('3');
  await expect(app.page.getByTestId('status-params')).toHaveAttribute('title', /^63 parameters/);

  // Saving what was opened, unchanged, writes the very same bytes.
  const before = readFileSync(path, 'utf8');
  await app.save();
  await expect(app.toasts().filter({ hasText: 'Saved regression.nwg.json' }).last()).toBeVisible();
  expect(readFileSync(path, 'utf8')).toBe(before);

  // An edit marks it unsaved; closing the window then asks first.
  await app.select(dense);
  await app.setParam('units', '4');
  await expect(app.page).toHaveTitle(/^• regression\.nwg\.json — Netwright$/);
  const asked = new Promise<string>((resolve) => {
    app.page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss();
    });
  });
  await app.page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('unsaved work is offered back after the window is lost', async ({ app, browser }) => {
  const input = await app.addNode('Input', { x: 140, y: 110 });
  await app.addNode('Dense', { x: 440, y: 110 });
  await expect(app.node(input)).toBeVisible();
  // Autosave writes the recovery file shortly after the last change.
  await app.page.waitForTimeout(2500);
  // The window goes away without saving (no beforeunload: as in a crash).
  await app.page.close();

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(serverInfo().url);
  const prompt = page.getByTestId('confirm-dialog');
  await expect(prompt).toContainText('Recover unsaved work?');
  await expect(prompt).toContainText('2 layers');
  await prompt.getByRole('button', { name: 'Recover' }).click();
  await expect(page.locator('.react-flow__node-layer')).toHaveCount(2);
  await expect(page).toHaveTitle(/^• Untitled — Netwright$/);
  await page.close();
});
