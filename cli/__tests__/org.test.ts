import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../policy';
import { extensionId, hostProblem, orgPolicyFiles, runOrg, updatesJson, updatesXml } from '../org';
import { CHROMIUM_EXTENSION_ID } from '../policy';

/** The public half of the manifest key in wxt.config.ts, whose id the README names. */
const PUBLIC_BUILD_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp/IFqaNLGeuG+Qfj9BAxLE2ZL8Nc5PzYHuyZMq0SFdIr+WUHTdd4kIZSzKS+NMbgVpFuwyBUpIy01ySQEGmXQbE+n0Ho9CBMkHb8b5EY6qEMIqbr7+0eZV5V/lwXExg7LYZVPHC8NynBv2VKQm3NYqS/EFEoCyzVY7ov6iSjtFYlhOObBUaBubmDO35v0C4iS3VeQYu5DrbQ1wE64yHMcXkVdV2mNfmfvBJZ1GTTjea2h6agp/Jt8bkTsxWYOBEcxRygU9cyOi2lDTkwYN+V2hYBzfZvPOHn8Wdf0lhZ9CN4dMR6lZ1AY2otyz0h3a+RZ3eiWP7fqdLNnbKVEvPdZwIDAQAB';

describe('org build: hosts', () => {
  it.each(['https://crm.example.com/*', 'https://*.intranet.example.com/*', 'http://intranet/*', '*://desk.example.co.uk/*'])(
    'accepts %s',
    (host) => expect(hostProblem(host)).toBeUndefined(),
  );
  it.each([
    ['<all_urls>', /every site on the web/],
    ['*://*/*', /every site on the web/],
    ['https://*/*', /every site on the web/],
    ['https://*.com/*', /every site under “.com”/],
    ['*://*.co.uk/*', /every site under “.co.uk”/],
    ['crm.example.com', /not a host pattern.*https:\/\/crm\.example\.com\/\*/],
    ['https://crm.example.com', /not a host pattern/],
    ['file:///*', /file:\/\//],
  ])('refuses %s, saying why', (host, why) => expect(hostProblem(host)).toMatch(why));

  it('refuses too-broad hosts before building anything, naming each one', async () => {
    await expect(
      runOrg(['build', '--hosts', 'https://crm.example.com/*,*://*/*,https://*.nl/*', '--update-url', 'https://x.example.com/t/']),
    ).rejects.toThrow(
      /These hosts cannot be in an organisation build:\n {2}“\*:\/\/\*\/\*” covers every site on the web.*\n {2}“https:\/\/\*\.nl\/\*” covers every site under “\.nl”/s,
    );
  });

  it('refuses an update address that is not https', async () => {
    await expect(
      runOrg(['build', '--hosts', 'https://crm.example.com/*', '--update-url', 'http://intranet.example.com/t/']),
    ).rejects.toThrow(/--update-url must start with https:\/\//);
  });
});

describe('org build: ids, update manifests and policies', () => {
  it('derives the Chromium id from the key as Chromium does (the public build’s key gives its known id)', () => {
    const key = createPublicKey({ key: Buffer.from(PUBLIC_BUILD_KEY, 'base64'), format: 'der', type: 'spki' });
    expect(extensionId(key)).toBe(CHROMIUM_EXTENSION_ID);
  });

  it('writes update manifests naming the package, its version and (Firefox) its hash', () => {
    expect(updatesXml('abcdefghijklmnopabcdefghijklmnop', '1.2.0', 'https://x.example.com/t/trailmark.crx')).toContain(
      "<app appid='abcdefghijklmnopabcdefghijklmnop'>\n    <updatecheck codebase='https://x.example.com/t/trailmark.crx' version='1.2.0' />",
    );
    expect(JSON.parse(updatesJson('trailmark@example.com', '1.2.0', 'https://x.example.com/t/trailmark.xpi', 'ab12'))).toEqual({
      addons: {
        'trailmark@example.com': {
          updates: [{ version: '1.2.0', update_link: 'https://x.example.com/t/trailmark.xpi', update_hash: 'sha256:ab12' }],
        },
      },
    });
  });

  const values = {
    siteRules: [{ id: 'crm', name: 'CRM "main"', patterns: ['https://crm.example.com/*'], action: 'suggest' }],
    catalogueFeedUrl: 'https://learning.example.com/feed.json',
  };
  const files = orgPolicyFiles({
    chromiumId: 'abcdefghijklmnopabcdefghijklmnop',
    firefoxId: 'trailmark@example.com',
    updateBase: 'https://x.example.com/t/',
    values,
  });

  it('force-installs from the update URL and carries the values, on every platform', () => {
    const linux = JSON.parse(files['linux/chromium-and-chrome.json']!);
    expect(linux.ExtensionInstallForcelist).toEqual(['abcdefghijklmnopabcdefghijklmnop;https://x.example.com/t/updates.xml']);
    expect(linux['3rdparty'].extensions.abcdefghijklmnopabcdefghijklmnop).toEqual(values);
    expect(files['windows/edge.reg']).toContain(
      '[HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Edge\\ExtensionInstallForcelist]\r\n"1"="abcdefghijklmnopabcdefghijklmnop;https://x.example.com/t/updates.xml"',
    );
    // A list is one JSON string, quotes escaped.
    expect(files['windows/chrome.reg']).toContain('"siteRules"="[{\\"id\\":\\"crm\\",\\"name\\":\\"CRM \\\\\\"main\\\\\\"\\"');
    expect(files['macos/com.google.Chrome.plist']).toContain(
      '<key>ExtensionInstallForcelist</key>\n  <array>\n    <string>abcdefghijklmnopabcdefghijklmnop;https://x.example.com/t/updates.xml</string>',
    );
    expect(files['macos/com.google.Chrome.extensions.abcdefghijklmnopabcdefghijklmnop.plist']).toContain(
      '<string>CRM &quot;main&quot;</string>',
    );
    const firefox = JSON.parse(files['firefox/policies.json']!).policies;
    expect(firefox.ExtensionSettings['trailmark@example.com']).toEqual({
      installation_mode: 'force_installed',
      install_url: 'https://x.example.com/t/trailmark.xpi',
    });
    expect(JSON.parse(files['firefox/policies-unsigned-esr.json']!).policies.Preferences).toEqual({
      'xpinstall.signatures.required': { Value: false, Status: 'locked' },
    });
  });

  it('lets Firefox accept an http update URL only for a loopback try-out', () => {
    // An https update URL needs nothing more; Firefox refuses an add-on with http updates otherwise.
    expect(JSON.parse(files['firefox/policies.json']!).policies.Preferences).toBeUndefined();
    const loopback = orgPolicyFiles({
      chromiumId: 'abcdefghijklmnopabcdefghijklmnop',
      firefoxId: 'trailmark@example.com',
      updateBase: 'http://127.0.0.1:8765/trailmark/',
      values,
    });
    const off = { Value: false, Status: 'locked' };
    expect(JSON.parse(loopback['firefox/policies.json']!).policies.Preferences).toEqual({ 'extensions.checkUpdateSecurity': off });
    expect(JSON.parse(loopback['firefox/policies-unsigned-esr.json']!).policies.Preferences).toEqual({
      'extensions.checkUpdateSecurity': off,
      'xpinstall.signatures.required': off,
    });
  });

  it('writes policy files that `policy check` reads as Trailmark’s, under the organisation’s ids', () => {
    for (const file of ['linux/chromium-and-chrome.json', 'firefox/policies.json']) {
      const { ok, report } = checkPolicy(JSON.parse(files[file]!));
      expect(ok).toBe(true);
      expect(report).toContain('ok       siteRules (1 rules)');
    }
  });
});
