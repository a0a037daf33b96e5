/**
 * The course's applied architectures: a Siamese face-verification network with shared weights,
 * a multi-task model with one loss per task, and a tiny YOLO-style detector. Hand counts in the
 * descriptions; the template test redoes them as arithmetic.
 */
import type { TemplateBuilder } from './builder.ts';
import { conv, dense, pool } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const course =
  'Deep Learning Specialization (DeepLearning.AI), course 4: convolutional neural networks.';

/**
 * One encoder tower. The twin's weighted nodes borrow the first tower's weights, so both images
 * are encoded by the very same function.
 */
function encoder(b: TemplateBuilder, tower: string, x: string, owner?: string): string {
  const shared = (id: string) =>
    owner === undefined ? {} : { shareWeightsWith: `${owner}_${id}` };
  const same = { padding: 'same', activation: 'relu' } as const;
  x = b.add(`${tower}_conv1`, 'Conv2D', conv(32, 3, same), x, shared('conv1'));
  x = b.add(`${tower}_pool1`, 'MaxPool2D', pool(2, 2), x);
  x = b.add(`${tower}_conv2`, 'Conv2D', conv(64, 3, same), x, shared('conv2'));
  x = b.add(`${tower}_pool2`, 'MaxPool2D', pool(2, 2), x);
  x = b.add(`${tower}_conv3`, 'Conv2D', conv(128, 3, same), x, shared('conv3'));
  x = b.add(`${tower}_gap`, 'GlobalAvgPool2D', {}, x);
  return b.add(`${tower}_embedding`, 'Dense', dense(128), x, shared('embedding'));
}

export const siamese: Template = {
  file: 'siamese-face-verification',
  summary:
    'Face verification: one shared encoder on two images, cosine similarity, same/different.',
  build() {
    const b = templateBuilder({
      title: 'Siamese network for face verification',
      description: [
        'Face verification as the course frames it: is this the same person? Two 96×96×3 face images go through one encoder — the second tower shares every weight with the first (shareWeightsWith), so it is the same function f applied twice — giving two 128-dimensional encodings. Their cosine similarity (a Dot with normalize on) feeds a single sigmoid unit that learns the threshold, trained with binary cross-entropy on same / different pairs.',
        'This is the course’s “face verification as binary classification” variant of DeepFace; FaceNet instead trains the encoder with the triplet loss (anchor, positive, negative), which needs three towers and a custom loss. Use it to learn weight sharing: change a layer in the first tower and the twin follows, and the parameters are counted once.',
        'Hand count (the twin adds none): conv1 3·3·3·32 + 32 = 896; conv2 3·3·32·64 + 64 = 18,496; conv3 3·3·64·128 + 128 = 73,856; embedding 128·128 + 128 = 16,512; head 1·1 + 1 = 2; total 109,762 parameters.',
      ],
      paper: `Y. Taigman, M. Yang, M. Ranzato, L. Wolf. DeepFace: closing the gap to human-level performance in face verification. CVPR 2014. ${course}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 109_762,
      tags: ['course', 'siamese', 'shared-weights', 'face-verification'],
    });
    const anchor = b.add('image_a', 'Input', { kind: 'image', shape: [96, 96, 3] }, [], {
      lane: 0,
    });
    const other = b.add('image_b', 'Input', { kind: 'image', shape: [96, 96, 3] }, [], { lane: 2 });
    const encodingA = b.group('encoder_a', 'Encoder f(x)', () => encoder(b, 'a', anchor));
    const encodingB = b.group('encoder_b', 'Encoder f(x), shared weights', () =>
      encoder(b, 'b', other, 'a'),
    );
    let x = b.add('cosine', 'Dot', { axes: -1, normalize: true }, [encodingA, encodingB], {
      name: 'cosine similarity',
    });
    x = b.add('same_person', 'Dense', dense(1, 'sigmoid'), x);
    b.add('loss', 'BinaryCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

const tasks = ['pedestrian', 'car', 'stop_sign', 'traffic_light'] as const;

export const multiTask: Template = {
  file: 'multi-task',
  summary:
    'Shared conv trunk, four sigmoid heads (pedestrian, car, stop sign, light), four losses.',
  build() {
    const b = templateBuilder({
      title: 'Multi-task learning',
      description: [
        'The course’s multi-task example from autonomous driving: one image, four questions — is there a pedestrian, a car, a stop sign, a traffic light? A shared convolutional trunk learns features useful to all four, and each task has its own sigmoid head and its own binary cross-entropy loss node; the training loss is their sum (change a loss node’s weight to favour a task).',
        'Multi-task learning pays off when the tasks share low-level features and each has too little data alone. Unlike softmax classification, several labels can be 1 at once. Use it to see how several loss nodes make a model with several outputs.',
        'Hand count: conv1 3·3·3·16 + 16 = 448; conv2 3·3·16·32 + 32 = 4,640; shared dense 16·16·32·64 + 64 = 524,352; four heads 4·(64 + 1) = 260; total 529,700 parameters.',
      ],
      paper: `R. Caruana. Multitask learning. Machine Learning 28, 1997. ${course.replace('course 4: convolutional neural networks', 'course 3: structuring machine learning projects')}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 529_700,
      tags: ['course', 'multi-task', 'multi-label', 'cnn'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [64, 64, 3] });
    b.group('trunk', 'Shared trunk', () => {
      const same = { padding: 'same', activation: 'relu' } as const;
      x = b.add('conv1', 'Conv2D', conv(16, 3, same), x);
      x = b.add('pool1', 'MaxPool2D', pool(2, 2), x);
      x = b.add('conv2', 'Conv2D', conv(32, 3, same), x);
      x = b.add('pool2', 'MaxPool2D', pool(2, 2), x);
      x = b.add('flatten', 'Flatten', {}, x);
      x = b.add('shared', 'Dense', dense(64, 'relu'), x);
    });
    const heads = b.group('heads', 'One sigmoid head per task', () =>
      tasks.map((task, i) =>
        b.add(task, 'Dense', dense(1, 'sigmoid'), x, { lane: i - (tasks.length - 1) / 2 }),
      ),
    );
    for (const head of heads) {
      b.add(`${head}_loss`, 'BinaryCrossentropyLoss', { weight: 1 }, head);
    }
    return b.build();
  },
};

export const tinyYolo: Template = {
  file: 'tiny-yolo',
  summary: 'A tiny YOLO-style detector: conv backbone, 1×1 head, output grid 7×7×2×(5+3).',
  build() {
    const grid = 7;
    const anchors = 2;
    const classes = 3;
    const b = templateBuilder({
      title: 'Tiny YOLO-style detector',
      description: [
        `A small single-shot detector in the style of YOLO, as the course explains it: the 224×224 image is divided into a ${grid}×${grid} grid, and for each cell and each of B = ${anchors} anchor boxes the network predicts 5 + C = ${5 + classes} numbers — p_c (is there an object), b_x, b_y, b_h, b_w (its box), and C = ${classes} class scores. A backbone of five 3×3 convolution + 2×2 max-pool stages (leaky ReLU 0.1, as in YOLO) brings 224 down to 7; a 1×1 convolution produces B·(5 + C) = ${anchors * (5 + classes)} channels per cell, and a Reshape makes the output the ${grid}×${grid}×${anchors}×${5 + classes} grid of the course (19×19×5×85 there).`,
        'Use it to see how a detector’s output is laid out and what each number means. Honest limits: the loss node is mean squared error over the whole grid, a stand-in for the YOLO loss (which weighs coordinates, confidence with and without objects, and classes differently, and uses sigmoid / exponential decoding of the box numbers); non-max suppression and anchor decoding happen after the network and are not part of this graph. It trains as a regression, not as a good detector.',
        'Hand count: 3·3·3·16 + 16 = 448; 3·3·16·32 + 32 = 4,640; 3·3·32·64 + 64 = 18,496; 3·3·64·128 + 128 = 73,856; 3·3·128·256 + 256 = 295,168; 3·3·256·256 + 256 = 590,080; head 1·1·256·16 + 16 = 4,112; total 986,800 parameters.',
      ],
      paper: `J. Redmon, S. Divvala, R. Girshick, A. Farhadi. You only look once: unified, real-time object detection. CVPR 2016 (arXiv:1506.02640); J. Redmon, A. Farhadi. YOLO9000: better, faster, stronger. CVPR 2017. ${course}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 986_800,
      tags: ['course', 'detection', 'yolo', 'cnn'],
    });
    const leaky = { padding: 'same', activation: 'leakyRelu' } as const;
    let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
    b.group('backbone', 'Backbone: 224 → 7', () => {
      [16, 32, 64, 128, 256].forEach((filters, i) => {
        x = b.add(`conv${i + 1}`, 'Conv2D', { ...conv(filters, 3, leaky), alpha: 0.1 }, x);
        x = b.add(`pool${i + 1}`, 'MaxPool2D', pool(2, 2), x);
      });
      x = b.add('conv6', 'Conv2D', { ...conv(256, 3, leaky), alpha: 0.1 }, x);
    });
    b.group('head', 'Detection head', () => {
      x = b.add('predictions', 'Conv2D', conv(anchors * (5 + classes), 1), x, {
        name: 'B·(5+C) per cell',
      });
      x = b.add('grid', 'Reshape', { targetShape: [grid, grid, anchors, 5 + classes] }, x);
    });
    b.add('loss', 'MeanSquaredErrorLoss', { weight: 1 }, x);
    return b.build();
  },
};
