/**
 * What every template generator provides, and the metadata shape templates share.
 */
import type { GraphDocument, GraphMetadata } from '../../app/graph/document.ts';
import { TemplateBuilder } from './builder.ts';

export interface Template {
  /** File name under templates/, without `.json`. */
  file: string;
  /** One line for the template list. */
  summary: string;
  build(): GraphDocument;
}

export interface TemplateInfo {
  title: string;
  /** Paragraphs: what it is, when to use it, what it taught the field, and any departure. */
  description: readonly string[];
  paper?: string;
  implementation?: string;
  /** The parameter count the reference reports (or, for course models, the hand count). */
  params: number;
  /** What the reference's count covers: PyTorch's counts leave BatchNorm's running statistics out. */
  counts?: 'all' | 'trainable';
  tags: readonly string[];
}

export function templateBuilder(info: TemplateInfo): TemplateBuilder {
  const metadata: GraphMetadata = {
    title: info.title,
    description: info.description.join('\n\n'),
    reference: {
      ...(info.paper === undefined ? {} : { paper: info.paper }),
      ...(info.implementation === undefined ? {} : { implementation: info.implementation }),
      params: info.params,
      ...(info.counts === undefined ? {} : { counts: info.counts }),
    },
    tags: [...info.tags],
  };
  return new TemplateBuilder(metadata);
}
