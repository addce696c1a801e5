import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { isTypingField, typingWait } from '../typing';

const { document } = parseHTML(`<!doctype html><html><body>
  <input id="text"><input id="search" type="search"><input id="email" type="EMAIL"><input id="checkbox" type="checkbox">
  <input id="button" type="button"><input id="readonly" readonly><input id="disabled" disabled>
  <textarea id="area"></textarea><textarea id="area-ro" readonly></textarea>
  <div contenteditable id="editor"><p id="inside">text</p></div><div contenteditable="false" id="not-editor"></div>
  <div contenteditable="plaintext-only" id="plain"></div>
  <select id="select"><option>a</option></select><button id="btn">b</button><a id="link" href="#">c</a>
  <iframe id="frame" title="editor"></iframe>
</body></html>`);

describe('isTypingField', () => {
  it.each([
    ['text', true],
    ['search', true],
    ['email', true],
    ['checkbox', false],
    ['button', false],
    ['readonly', false],
    ['disabled', false],
    ['area', true],
    ['area-ro', false],
    ['editor', true],
    ['inside', true],
    ['not-editor', false],
    ['plain', true],
    ['select', false],
    ['btn', false],
    ['link', false],
    ['frame', true],
  ])('#%s → %s', (id, typing) => {
    expect(isTypingField(document.getElementById(id))).toBe(typing);
  });

  it('nothing focused is not typing', () => {
    expect(isTypingField(null)).toBe(false);
  });
});

describe('typingWait', () => {
  it.each([
    ['not in a field: now', { inField: false, lastActivity: 0, now: 100 }, 0],
    ['just typed: the whole idle time', { inField: true, lastActivity: 100, now: 100 }, 5_000],
    ['typed 2 s ago: 3 s more', { inField: true, lastActivity: 1_000, now: 3_000 }, 3_000],
    ['idle for 5 s in the field: now', { inField: true, lastActivity: 0, now: 5_000 }, 0],
    ['a shorter idle time', { inField: true, lastActivity: 0, now: 500, idleMs: 1_000 }, 500],
  ])('%s', (_, input, wait) => {
    expect(typingWait(input)).toBe(wait);
  });
});
