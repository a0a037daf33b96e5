/** Code-safe names for generated variables, shared by every emitter. */
const reserved = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await ' +
    'tf model inputs outputs losses lossWeights buildModel compileModel undefined NaN Infinity'
  ).split(' '),
);

/** Node ids are already identifiers (see idPattern); only clashes with keywords need a suffix. */
export function variableName(id: string): string {
  return reserved.has(id) ? `${id}_` : id;
}

/** Text safe inside a `//` line comment. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
