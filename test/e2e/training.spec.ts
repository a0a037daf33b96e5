/**
 * Training from the window: open the course's shallow planar network, pick a synthetic data set,
 * press Train and watch the charts fill in, stop, find the run in the runs list, train again with
 * the first run overlaid, and reopen the network the first run trained. Expected sizes are worked out by hand (1,000 moons points with
 * 10% dev and 10% test leave 800 to train on; batches of 16 make 50 steps an epoch).
 */
import { join } from 'node:path';
import { expect, screenshotDir, test } from './fixtures/netwright-page.ts';
import { TrainingPanel } from './fixtures/training-panel.ts';

// The desktop window's default size: the dashboard is designed to read well at it.
test.use({ viewport: { width: 1440, height: 900 } });

test('train the shallow planar network on moons, stop, compare two runs and reopen the first', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await app.openTemplate('shallow-planar');
  const training = new TrainingPanel(app.page);
  await training.open();

  // A 2-feature input suggests the planar flower; these settings are undoable document edits.
  await expect(training.setting('dataset')).toHaveValue('planar');
  await training.chooseDataset('moons');
  await training.set('epochs', '400');
  await training.set('batch-size', '16');
  await training.set('learning-rate', '0.05');
  await training.set('seed', '7');
  await expect(training.setting('seed')).toHaveValue('7');
  await app.undo();
  await expect(training.setting('seed')).toHaveValue('42');
  await expect(training.root.getByTestId('train-batch-hint')).toHaveText(
    /Mini-batch: 50 steps per epoch/,
  );

  // Pre-flight, before anything trains: sizes from the data, memory from the network.
  await expect(training.root.getByTestId('training-data')).toContainText('moons (1000 points)');
  await expect(training.preflight()).toContainText('800 · 100 · 100');
  await expect(training.preflight().getByText('Steps per epoch').locator('..')).toContainText('50');

  // Saved, so the run is kept beside the file.
  await app.saveAs('moons-flower.nwg.json');
  await training.scrollSettingsToTop();
  await app.page.mouse.move(0, 0);
  await app.page.screenshot({ path: join(screenshotDir, 'training-ready.png') });

  await training.train();
  await expect(training.status()).toHaveText('Training', { timeout: 60_000 });
  await expect
    .poll(() => training.points('loss', 'train-batch'), { timeout: 60_000 })
    .toBeGreaterThan(3);
  const firstCount = await training.points('loss', 'train-batch');
  await expect.poll(() => training.epoch(), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
  expect(await training.points('loss', 'train-batch')).toBeGreaterThan(firstCount);
  await expect.poll(() => training.points('loss', 'dev-epoch')).toBeGreaterThanOrEqual(3);
  await expect.poll(() => training.points('metric', 'dev-epoch')).toBeGreaterThanOrEqual(3);
  await expect(training.root.getByTestId('training-backend')).not.toHaveText('—');
  await expect(training.root.getByTestId('training-speed')).toContainText('/s');

  await training.scrollSettingsToTop();
  await training.hoverChart('loss', 0.6);
  await expect(training.root.getByTestId('chart-readout')).toBeVisible();
  await app.page.screenshot({ path: join(screenshotDir, 'training.png') });

  await training.stop();
  await expect(training.status()).toHaveText('Stopped');
  await expect(training.root.getByTestId('train-start')).toBeEnabled();
  const firstRunEpochs = await training.epoch();

  await training.showRuns();
  await expect(training.runs()).toHaveCount(1);
  const firstRun = training.runs().first();
  await expect(firstRun).toContainText('Stopped');
  await expect(firstRun).toContainText(`moons · ${firstRunEpochs}/400 epochs`);
  await expect(firstRun).toContainText(/dev acc \d+\.\d% · best at epoch \d+/);
  const firstRunId = ((await firstRun.getAttribute('data-testid')) ?? '').replace(/^run-/, '');

  // A second run at a tenth of the learning rate, with the first overlaid for comparison.
  await training.showSettings();
  await training.set('learning-rate', '0.005');
  await training.showRuns();
  await training.compare(firstRun);
  await expect.poll(() => training.points('loss', `run-${firstRunId}`)).toBe(firstRunEpochs);
  await training.train();
  await expect.poll(() => training.epoch(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await training.stop();
  await expect(training.status()).toHaveText('Stopped');
  await expect(training.runs()).toHaveCount(2);
  await expect(training.root.getByTestId(`run-${firstRunId}`)).toHaveAttribute(
    'data-compared',
    'true',
  );
  await app.page.mouse.move(0, 0);
  await app.page.screenshot({ path: join(screenshotDir, 'training-runs.png') });

  // The first run's network opens as it trained: its settings, not the ones edited since.
  await training.openSnapshot(training.root.getByTestId(`run-${firstRunId}`));
  await app.answerUnsavedPrompt("Don't save");
  await expect(app.page).toHaveTitle(/\(run \d\d:\d\d:\d\d\)/);
  expect(await app.nodeIds()).toEqual(['input', 'hidden', 'output', 'loss']);
  await training.showSettings();
  await expect(training.setting('dataset')).toHaveValue('moons');
  await expect(training.setting('epochs')).toHaveValue('400');
  await expect(training.setting('learning-rate')).toHaveValue('0.05');
});
