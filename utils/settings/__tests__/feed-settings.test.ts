import { describe, expect, it } from 'vitest';
import { settingsInForce } from '../in-force';
import { feedPublicKeyItem, feedUrlItem, managedConfigItem, readStoredSettings } from '../items';

/** The feed part of the settings in force, with its locks, from what is stored. */
async function readFeedSettings() {
  const { local, managed } = await readStoredSettings();
  const { feed, locked } = settingsInForce(local, managed);
  return { ...feed, locked: { url: locked.feedUrl, publicKey: locked.feedPublicKey } };
}

describe('settingsInForce: the feed', () => {
  it('gives the options page’s feed when no policy sets one, unlocked and trimmed', async () => {
    expect(await readFeedSettings()).toEqual({ url: '', publicKey: '', locked: { url: false, publicKey: false } });
    await feedUrlItem.setValue(' https://learning.example.com/feed.json ');
    await feedPublicKeyItem.setValue('KEY=');
    expect(await readFeedSettings()).toEqual({
      url: 'https://learning.example.com/feed.json',
      publicKey: 'KEY=',
      locked: { url: false, publicKey: false },
    });
  });

  it('lets the organisation’s policy win and lock each value it sets (a new key in policy rotates it)', async () => {
    await feedUrlItem.setValue('https://mine.example.com/feed.json');
    await feedPublicKeyItem.setValue('MINE=');
    await managedConfigItem.setValue({ values: { catalogueFeedPublicKey: 'ORGANISATION=' }, warnings: [] });
    expect(await readFeedSettings()).toEqual({
      url: 'https://mine.example.com/feed.json',
      publicKey: 'ORGANISATION=',
      locked: { url: false, publicKey: true },
    });
    await managedConfigItem.setValue({
      values: { catalogueFeedUrl: 'https://org.example.com/feed.json', lockSettings: true },
      warnings: [],
    });
    expect(await readFeedSettings()).toEqual({
      url: 'https://org.example.com/feed.json',
      publicKey: 'MINE=',
      locked: { url: true, publicKey: true },
    });
  });
});
