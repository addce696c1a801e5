import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { askUrl } from '../ask';

const en = createTranslator('en');
const nl = createTranslator('nl');
const mail = { name: 'Leren & Ontwikkelen', contact: 'mailto:leren@example.com' };
const page = { title: 'Opportunity 42 – CRM', url: 'https://crm.example.com/opportunities/42' };
const fields = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]!.replace(/\+/g, '%2B')));

describe('askUrl', () => {
  it('writes a mailto: with subject and body in the employee’s language, with the topic and without the page', () => {
    const url = askUrl(mail, { topic: 'Excel  macros' }, nl)!;
    expect(url.startsWith('mailto:leren@example.com?')).toBe(true);
    expect(url).not.toContain('+');
    expect(fields(url)).toEqual({
      subject: 'Vraag voor Leren & Ontwikkelen: Excel macros',
      body: 'Hallo Leren & Ontwikkelen,\n\nIk zoek iets om te leren over: Excel macros\n\nKunnen jullie me helpen iets te vinden?',
    });
    expect(url).not.toContain('crm.example.com');
  });

  it('adds the page only when asked', () => {
    const url = askUrl(mail, { topic: 'negotiation', page }, en)!;
    expect(fields(url).body).toContain('I was on this page: Opportunity 42 – CRM (https://crm.example.com/opportunities/42)');
  });

  it('keeps a cc the address carries, and replaces its subject', () => {
    const url = askUrl({ ...mail, contact: 'mailto:leren@example.com?cc=hr@example.com&subject=old' }, { topic: 'x' }, en)!;
    expect(fields(url)).toMatchObject({ cc: 'hr@example.com', subject: 'Question for Leren & Ontwikkelen: x' });
  });

  it('gives an https: form the topic in the parameter the profile names', () => {
    const form = { name: 'L&D', contact: 'https://forms.example.com/ask?team=ld', contactTopicParam: 'onderwerp' };
    expect(askUrl(form, { topic: 'Excel macros' }, en)).toBe('https://forms.example.com/ask?team=ld&onderwerp=Excel+macros');
    expect(new URL(askUrl(form, { topic: 'Excel', page }, en)!).searchParams.get('onderwerp')).toBe(
      'Excel\n\nI was on this page: Opportunity 42 – CRM (https://crm.example.com/opportunities/42)',
    );
    expect(askUrl({ name: 'L&D', contact: 'https://forms.example.com/ask' }, { topic: 'x' }, en)).toBe(
      'https://forms.example.com/ask?topic=x',
    );
  });

  it('has nothing to open without a contact', () => {
    expect(askUrl({ name: 'L&D' }, { topic: 'x' }, en)).toBeUndefined();
  });
});
