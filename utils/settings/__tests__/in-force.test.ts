import { describe, expect, it } from 'vitest';
import { refusal } from '../change';
import { DEFAULT_STORED_SETTINGS, settingsInForce } from '../in-force';

const policy = (values: Record<string, unknown>) => ({ values, warnings: [] });

describe('settingsInForce', () => {
  it('applies the caps to the values and the bounds, and says what the policy sets', () => {
    const local = { ...DEFAULT_STORED_SETTINGS, tipsPerDay: 10, repeatAfterDays: 1 };
    const inForce = settingsInForce(local, policy({ maxTipsPerDay: 2, minRepeatAfterDays: 7 }));
    expect(inForce.attention).toMatchObject({
      tipsPerDay: 2,
      repeatAfterDays: 7,
      chosen: { tipsPerDay: 10, repeatAfterDays: 1 },
      bounds: { tipsPerDay: { min: 0, max: 2 }, repeatAfterDays: { min: 7, max: 365 } },
    });
    expect(inForce.setByPolicy).toMatchObject({ maxTipsPerDay: true, minRepeatAfterDays: true, feedUrl: false });
  });

  it('lets the policy feed win, trimmed, and locks it; refuses changes to what is locked', () => {
    const local = { ...DEFAULT_STORED_SETTINGS, feedUrl: ' https://mine.example.com/f.json ' };
    expect(settingsInForce(local, null).feed.url).toBe('https://mine.example.com/f.json');
    const managed = settingsInForce(local, policy({ catalogueFeedUrl: 'https://org.example.com/f.json' }));
    expect(managed.feed.url).toBe('https://org.example.com/f.json');
    expect(refusal({ feedUrl: 'https://x.example.com/f.json' }, managed)).toMatch(/Refused/);
    expect(refusal({ feedPublicKey: 'k' }, managed)).toBeUndefined();
    expect(refusal({ feedPublicKey: 'k' }, settingsInForce(local, policy({ lockSettings: true })))).toMatch(/Refused/);
  });
});
