/**
 * Problems with data and runs, coded like the graph's problems (app/graph/errors.ts) in their own
 * range: E2xx stop a run before or while it trains, W2xx are warnings a run continues through.
 */
export const trainingProblemCodes = {
  E201: 'The CSV file is malformed.',
  E202: 'A CSV column that was asked for does not exist, or a column has the wrong kind of values.',
  E203: 'The data has missing values.',
  E204: 'The image folder cannot be used.',
  E205: 'An image cannot be decoded.',
  E206: 'The data does not fit the graph’s input.',
  E207: 'The labels do not fit the graph’s output and loss.',
  E208: 'The split sizes do not fit the data.',
  E209: 'The loss became NaN or infinite.',
  E210: 'The data set is unknown or its settings are wrong.',
  E211: 'The graph has more inputs or losses than the data provides.',
  E212: 'A saved run is missing or damaged.',
  E213: 'A run’s weights do not fit this network.',
  W201: 'Training may not fit in memory.',
  W202: 'Early stopping needs a dev split.',
  W203: 'A training thread stopped or could not start; the run went on with fewer threads.',
} as const;

export type TrainingProblemCode = keyof typeof trainingProblemCodes;

/** A problem a person can act on; `message` starts with the code, like graph problems do. */
export class TrainingError extends Error {
  constructor(
    readonly code: TrainingProblemCode,
    detail: string,
  ) {
    super(`${code} ${detail}`);
    this.name = 'TrainingError';
  }
}

export function warning(code: TrainingProblemCode, detail: string): string {
  return `${code} ${detail}`;
}
