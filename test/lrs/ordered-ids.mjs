// Preloaded into the local LRS (`node --import`): xapi-statements' memory mode gives each stored
// statement an internal id from uuid v1 and pages with `more` links by comparing those ids as text.
// A v1 UUID's text starts with the low 32 bits of its clock, which wrap every 429.5 s, so after a
// wrap the text order no longer follows the stored order and `more` links skip statements. Here
// the ids that module asks for are fixed-width counters in UUID form: their text order is exactly
// the order they were made in, and they stay unique in the process. (Its MongoDB mode uses
// ObjectIds and needs none of this; neither does any LRS the extension talks to.)
import { createRequire } from 'node:module';

// The same module instance xapi-statements loads (CommonJS modules are cached by path).
const fromLrs = createRequire(createRequire(import.meta.url).resolve('xapi-statements/dist/index.js'));
const uuid = fromLrs('uuid');
let next = 0n;
uuid.v1 = () => {
  const hex = (next++).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
