/**
 * Export and import from the app, as a person does it: read a template's code in each language,
 * write the PyTorch project through File → Export into the workspace, and open a TensorFlow.js
 * model.json (made by tfjs from another template) as a new network on the canvas.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { modelJsonFor } from '../../app/engine/io/model-json.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { serverInfo } from './support/api.ts';
import { repoRoot } from './support/server.ts';
import { expect, test } from './fixtures/netwright-page.ts';

test('the code panel shows TypeScript, Keras and PyTorch, and File → Export writes PyTorch', async ({
  app,
}) => {
  await app.openTemplate('lenet-modern');

  const typescript = await app.showCode('typescript');
  await app.findInCode('class ');
  await expect(typescript).toContainText('class ');
  await expect(typescript).not.toContainText('nn.Module');

  const keras = await app.showCode('keras');
  await app.findInCode('def build_model');
  await expect(keras).toContainText('def build_model() -> keras.Model:');

  const pytorch = await app.showCode('pytorch');
  await app.findInCode('nn.Module');
  await expect(pytorch).toContainText('(nn.Module):');
  await app.screenshot('code-pytorch');

  await app.openMenu('file', 'export');
  await app.screenshot('menu-export', { keepPointer: true });
  await app.page.keyboard.press('Escape');
  await app.exportAs('pytorch', 'lenet-pytorch');
  const folder = join(serverInfo().workspace, 'lenet-pytorch');
  for (const file of ['model.py', 'train.py', 'README.md']) {
    expect(existsSync(join(folder, file)), file).toBe(true);
  }
  expect(readFileSync(join(folder, 'model.py'), 'utf8')).toContain('(nn.Module):');
});

test('a TensorFlow.js model.json opens as a new network with its layers on the canvas', async ({
  app,
}) => {
  // What tfjs itself writes for LeNet-5, with the training config Netwright adds beside it.
  const original = parseDocumentText(
    readFileSync(join(repoRoot, 'templates', 'lenet5.json'), 'utf8'),
  );
  await tf.setBackend('cpu');
  const compiled = compileToLayersModel(tf, original);
  const topology = compiled.model.toJSON(null, false) as object;
  compiled.model.dispose();
  const folder = join(serverInfo().workspace, 'models', 'lenet5');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'model.json'), JSON.stringify(modelJsonFor(original, topology)));

  await app.importModel('models/lenet5/model.json');
  await expect(app.toasts().filter({ hasText: 'Imported lenet5' })).toBeVisible();
  // Layers keep their names as ids; the loss node comes back from the training config.
  const layers = original.nodes
    .filter((n) => findLayer(n.type)?.role !== 'loss')
    .map((n) => n.id)
    .sort();
  await expect
    .poll(async () => (await app.nodeIds()).filter((id) => layers.includes(id)).sort())
    .toEqual(layers);
  expect((await app.nodeIds()).length).toBe(original.nodes.length);
  // LeNet-5's 61,706 parameters (LeCun et al. 1998, as the template's reference says).
  await expect(app.totalParams()).toHaveText('61.7K');
  await expect(app.page.getByTestId('document-title')).toContainText('lenet5');
  await app.screenshot('imported-lenet5');
});
