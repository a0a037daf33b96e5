/**
 * Fresh ids for new nodes, edges and groups. Ids become tfjs layer names and variable names in
 * exported code, so they read like what they are (`conv2d_3`, `group_2`) and never reuse a
 * number still in the document.
 */
import { idPattern } from './document.ts';
import type { GraphDocument } from './document.ts';

/** `Conv2D` → `conv2d`, `BinaryCrossentropyLoss` → `binary_crossentropy_loss`. */
export function idBase(type: string): string {
  const base = type
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 48);
  return /^[a-z]/.test(base) ? base : 'node';
}

/** Hands out ids unused anywhere in one document (nodes, edges and groups share one space). */
export class IdMaker {
  private readonly taken: Set<string>;
  private readonly highest = new Map<string, number>();

  constructor(doc: GraphDocument) {
    this.taken = new Set([
      ...doc.nodes.map((n) => n.id),
      ...doc.edges.map((e) => e.id),
      ...doc.groups.map((g) => g.id),
    ]);
  }

  /** `${base}_${n}` with n one above the highest number already used with this base. */
  next(base: string): string {
    let n = this.highest.get(base) ?? this.scan(base);
    let id: string;
    do id = `${base}_${++n}`;
    while (this.taken.has(id));
    this.highest.set(base, n);
    this.taken.add(id);
    return id;
  }

  /** `preferred` when it is a valid id still free, otherwise a fresh one from `base`. */
  preferOr(preferred: string, base: string): string {
    if (idPattern.test(preferred) && !this.taken.has(preferred)) {
      this.taken.add(preferred);
      return preferred;
    }
    return this.next(base);
  }

  private scan(base: string): number {
    const prefix = `${base}_`;
    let highest = 0;
    for (const id of this.taken) {
      if (!id.startsWith(prefix)) continue;
      const rest = id.slice(prefix.length);
      if (/^\d{1,9}$/.test(rest)) highest = Math.max(highest, Number(rest));
    }
    return highest;
  }
}

export function edgeIdFor(ids: IdMaker, source: string, target: string, port: number): string {
  return ids.preferOr(`e_${source}_${target}_${port}`, 'edge');
}
