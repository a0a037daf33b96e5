/**
 * Every template, in the order the template list shows them: course models first (where a
 * learner starts), then the classic networks roughly by year.
 */
import { alexnet } from './alexnet.ts';
import {
  deepFullyConnected,
  bottleneckCnn,
  logisticRegression,
  shallowPlanar,
} from './course-basics.ts';
import { multiTask, siamese, tinyYolo } from './course-applied.ts';
import { gruClassifier, lstmClassifier, word2vec } from './course-sequence.ts';
import { googlenet } from './googlenet.ts';
import { inceptionV3 } from './inception-v3.ts';
import { lenet5, lenetModern } from './lenet.ts';
import { mobilenet } from './mobilenet.ts';
import { resnet18, resnet34, resnet50 } from './resnet.ts';
import type { Template } from './template.ts';
import { vgg16, vgg19 } from './vgg.ts';

export const templates: readonly Template[] = [
  logisticRegression,
  shallowPlanar,
  deepFullyConnected,
  bottleneckCnn,
  lstmClassifier,
  gruClassifier,
  word2vec,
  siamese,
  multiTask,
  tinyYolo,
  lenet5,
  lenetModern,
  alexnet,
  vgg16,
  vgg19,
  googlenet,
  resnet18,
  resnet34,
  resnet50,
  inceptionV3,
  mobilenet,
];
