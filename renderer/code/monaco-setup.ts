/**
 * Monaco, bundled with the app: only the editor core, the features a read-only viewer uses
 * (find, folding, clipboard, context menu) and TypeScript and Python colouring. Its worker is a bundled
 * file, so nothing is fetched from a CDN and the CSP needs no remote origin.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/folding/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/wordHighlighter/register.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import 'monaco-editor/languages/definitions/python/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.editor.defineTheme('netwright-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '6f7a8a', fontStyle: 'italic' },
    { token: 'keyword', foreground: 'c792ea' },
    { token: 'string', foreground: 'a5d6a7' },
    { token: 'number', foreground: 'f7b267' },
  ],
  colors: {
    'editor.background': '#14171c',
    'editor.lineHighlightBackground': '#1b1f26',
    'editorLineNumber.foreground': '#4a5260',
    'editorLineNumber.activeForeground': '#9aa4b2',
    'editorGutter.background': '#14171c',
    'editor.selectionBackground': '#2d4f7c',
    'scrollbarSlider.background': '#ffffff1a',
  },
});

loader.config({ monaco });

export { monaco };
