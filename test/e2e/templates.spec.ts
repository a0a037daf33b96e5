/**
 * The template gallery, and the biggest classic networks opened from it: ResNet-50 opens as a new
 * untitled document with the parameter count its reference reports, lays out and fits.
 */
import { expect, test } from './fixtures/netwright-page.ts';

test('the gallery shows each template with its size and a picture of its graph', async ({
  app,
}) => {
  await app.openGallery();
  const resnet = app.page.getByTestId('template-resnet50');
  await expect(resnet).toContainText('ResNet-50');
  await expect(resnet).toContainText('25.6M params');
  // Every card's picture is drawn from its template's node positions.
  await expect(resnet.locator('svg.thumbnail rect')).toHaveCount(178);
  await expect(
    app.page.getByTestId('template-lenet5').locator('svg.thumbnail rect'),
  ).not.toHaveCount(0);
  await app.screenshot('gallery');
});

test('open ResNet-50, auto-layout it and fit it', async ({ app }) => {
  await app.openTemplate('resnet50');
  await expect(app.page.getByTestId('document-title')).toContainText('ResNet-50');
  await expect(app.page.getByTestId('dirty-marker')).toBeVisible();
  // Keras Applications' ResNet50 reports 25,636,712 parameters (53,120 of them non-trainable).
  await expect(app.page.getByTestId('status-params')).toHaveAttribute(
    'title',
    /^25,636,712 parameters/,
  );
  await expect(app.page.getByTestId('status-problems')).toHaveText('0 0');
  await expect(app.page.locator('.react-flow__node-layer')).toHaveCount(178);

  await app.autoLayout('left to right');
  await app.fitView();
  await expect.poll(() => app.zoomPercent()).toBeLessThan(10);
  // Fitted: the first and the last layer are both on screen.
  await expect(app.node('input')).toBeInViewport();
  await expect(app.node('predictions')).toBeInViewport();

  // Collapsing the blocks gives the overview: stem, four stages, head.
  await app.command('Collapse All Blocks');
  await app.autoLayout('top to bottom');
  await expect(app.page.locator('.collapsed-node')).toHaveCount(6);
  // conv2 is three bottleneck blocks on 56×56: 64 channels in (after the stem), 256 out.
  const conv2 = app.page.getByTestId('block-conv2');
  await expect(conv2.getByTestId('block-inputs')).toHaveText('56×56×64');
  await expect(conv2.getByTestId('block-outputs')).toHaveText('56×56×256');
  await expect(app.node('input')).toBeInViewport();
  await app.screenshot('resnet50');

  await app.command('Expand All Blocks');
  await app.autoLayout('top to bottom');
  await expect(app.page.locator('.react-flow__node-layer')).toHaveCount(178);
});
