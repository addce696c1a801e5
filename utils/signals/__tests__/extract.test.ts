import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractSignals } from '../extract';
import { SIGNAL_LIMITS } from '../limits';
import { PageSignalsSchema } from '../schema';

const page = (html: string) => parseHTML(html).document as unknown as Document;

describe('extractSignals', () => {
  it('reads title, meta, Open Graph, lang, headings and main text', () => {
    const doc = page(`<!doctype html><html lang="nl"><head><title>Ticket 4821</title>
      <meta name="description" content="Klant is boos">
      <meta name="keywords" content="sla, escalatie">
      <meta property="og:title" content="Ticket OG"><meta property="og:description" content="OG desc"></head>
      <body><nav><a>Home</a><p>Menu text</p></nav><main><h1>Levering te laat</h1><h2>Notities</h2><h3>Intern</h3>
      <p>De klant wacht al  drie dagen.</p><ul><li>Bel terug</li></ul>
      <form><label>Antwoord</label><textarea>geheim concept</textarea></form></main><footer><p>© Acme</p></footer></body></html>`);
    const signals = extractSignals(doc, 'https://help.example.com/t/4821');
    expect(signals).toEqual({
      url: 'https://help.example.com/t/4821',
      lang: 'nl',
      title: 'Ticket 4821',
      description: 'Klant is boos',
      keywords: ['sla', 'escalatie'],
      ogTitle: 'Ticket OG',
      ogDescription: 'OG desc',
      h1: ['Levering te laat'],
      h2: ['Notities'],
      h3: ['Intern'],
      text: 'Levering te laat Notities Intern De klant wacht al drie dagen. Bel terug',
    });
    expect(PageSignalsSchema.parse(signals)).toEqual(signals);
  });

  it('never reads form fields, editable areas or navigation', () => {
    const doc = page(`<html><body><main><p>Public text</p><div contenteditable><p>draft email</p></div>
      <textarea>secret</textarea><input value="password"><nav><p>nav</p></nav></main></body></html>`);
    const { text } = extractSignals(doc, 'https://x.example/');
    expect(text).toBe('Public text');
  });

  it('caps the text sample and lists, so the message stays small', () => {
    const long = `<p>${'word '.repeat(5000)}</p>`.repeat(5);
    const headings = Array.from({ length: 100 }, (_, i) => `<h2>Heading ${i}</h2>`).join('');
    const signals = extractSignals(page(`<html><body>${headings}${long}</body></html>`), 'https://x.example/');
    expect(signals.text.length).toBeLessThanOrEqual(SIGNAL_LIMITS.text);
    expect(signals.h2).toHaveLength(SIGNAL_LIMITS.list);
    expect(PageSignalsSchema.safeParse(signals).success).toBe(true);
  });
});
