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

/**
 * Text from a document (a title, a node name) made safe inside a `//` line comment or a `/** … *\/`
 * block: on one line, and unable to close the block. Documents are shared files, so anything
 * they put into generated code must stay a comment.
 */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\*\//g, '* /')
    .trim();
}

/**
 * The same for Python comments and docstrings: one line, no double quotes (a run of them could
 * close a `"""` docstring, however it is collapsed) and no backslashes (escape sequences).
 */
export function pythonCommentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .trim();
}
