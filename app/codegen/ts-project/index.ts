/**
 * The TypeScript export as a project folder a person can install and run:
 * - package.json: @tensorflow/tfjs at the version Netwright itself uses, tsx to run, tsc to check;
 * - tsconfig.json: strict, as Netwright's own code;
 * - src/model.ts: the emitter's module (app/codegen/typescript.ts), buildModel() and compileModel();
 * - src/data.ts, src/train.ts: the run's data and training (where the app's data sets can train
 *   the graph; see training-plan.ts);
 * - src/weights.ts: saving and loading weights in TensorFlow.js format;
 * - README.md: how to run it.
 * Pure: file names to contents. main/export/ writes them (and copies a run's weights beside).
 */
import packageJson from '../../../package.json' with { type: 'json' };
import type { GraphDocument } from '../../graph/document.ts';
import { modelNameFor } from '../names.ts';
import { trainingPlan } from '../training-plan.ts';
import { emitTypeScript } from '../typescript.ts';
import { tsDataModule } from './data-source.ts';
import { tsTrainModule } from './train-source.ts';
import { tsWeightsModule } from './weights-source.ts';

/** The versions of Netwright's own dependencies, so the project runs what Netwright tested. */
const versions: Readonly<Record<string, string>> = {
  ...packageJson.dependencies,
  ...packageJson.devDependencies,
};

export interface TsProject {
  files: Record<string, string>;
  /** Why there is no src/train.ts, when there is none. */
  trainingMissing: string | null;
}

export function emitTsProject(doc: GraphDocument, options: { weights: boolean }): TsProject {
  const plan = trainingPlan(doc);
  const data = plan.ok ? tsDataModule(plan.plan) : null;
  const files: Record<string, string> = {
    'package.json': packageFile(doc, data?.dependencies ?? [], plan.ok),
    'tsconfig.json': tsconfigFile(),
    'src/model.ts': emitTypeScript(doc),
    'src/weights.ts': tsWeightsModule,
  };
  if (plan.ok && data) {
    files['src/data.ts'] = data.source;
    files['src/train.ts'] = tsTrainModule(plan.plan);
  }
  files['README.md'] = readme(doc, plan.ok ? null : plan.why, options.weights);
  return { files, trainingMissing: plan.ok ? null : plan.why };
}

function version(name: string): string {
  const found = versions[name];
  if (!found) throw new Error(`Netwright's package.json has no ${name}`);
  return found;
}

function packageFile(doc: GraphDocument, extra: readonly string[], trains: boolean): string {
  const dependencies = Object.fromEntries(
    ['@tensorflow/tfjs', ...extra].sort().map((name) => [name, version(name)]),
  );
  const pkg = {
    name: modelNameFor(doc).replace(/_/g, '-'),
    version: '1.0.0',
    private: true,
    description: `${doc.metadata.title}, exported from Netwright`,
    type: 'module',
    scripts: {
      ...(trains ? { train: 'tsx src/train.ts' } : {}),
      typecheck: 'tsc --noEmit',
    },
    dependencies,
    devDependencies: Object.fromEntries(
      ['@types/node', 'tsx', 'typescript'].map((name) => [name, version(name)]),
    ),
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

function tsconfigFile(): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      // tfjs's typings mention browser types (HTMLImageElement) even when run in Node.
      lib: ['ES2023', 'DOM'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src'],
  };
  return JSON.stringify(config, null, 2) + '\n';
}

function readme(doc: GraphDocument, noTraining: string | null, weights: boolean): string {
  return [
    `# ${doc.metadata.title}`,
    '',
    'A TensorFlow.js project exported by Netwright. It needs Node.js 20 or later.',
    '',
    '```sh',
    'npm install        # @tensorflow/tfjs and the TypeScript tools',
    'npm run typecheck  # tsc --noEmit',
    ...(noTraining === null ? ['npm run train      # trains with the run configuration'] : []),
    '```',
    '',
    '- `src/model.ts`: `buildModel()` builds the network with the tfjs layers API; `compileModel()` sets its optimizer, losses and metrics.',
    ...(noTraining === null
      ? [
          "- `src/data.ts`: the run's data set, split into train, dev and test and prepared as Netwright prepares it.",
          "- `src/train.ts`: trains with the run's epochs, batch size, learning-rate schedule and early stopping, reports the test split, and saves the weights in `trained/`.",
        ]
      : [`- There is no training script: ${noTraining}`]),
    '- `src/weights.ts`: `saveWeights()` and `loadWeights()` for weights in TensorFlow.js format (`model.json` + `weights.bin`).',
    ...(weights
      ? [
          '- `weights/`: the weights of the trained run. Load them into the model:',
          '',
          '  ```ts',
          "  import { buildModel } from './src/model.js';",
          "  import { loadWeights } from './src/weights.js';",
          '',
          '  const model = buildModel();',
          "  loadWeights(model, 'weights');",
          '  ```',
        ]
      : []),
    '',
    'Training runs on the plain JavaScript backend of TensorFlow.js. For speed, install',
    "`@tensorflow/tfjs-node` (or `-gpu`) and add `import '@tensorflow/tfjs-node';` at the top of `src/train.ts`.",
    '',
  ].join('\n');
}
