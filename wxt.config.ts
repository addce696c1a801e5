import { defineConfig } from 'wxt';

/** Public half of the key that fixes the Chromium extension id (lhkhdplcajpmiffoajiofbcaojalngdc). */
const CHROMIUM_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp/IFqaNLGeuG+Qfj9BAxLE2ZL8Nc5PzYHuyZMq0SFdIr+WUHTdd4kIZSzKS+NMbgVpFuwyBUpIy01ySQEGmXQbE+n0Ho9CBMkHb8b5EY6qEMIqbr7+0eZV5V/lwXExg7LYZVPHC8NynBv2VKQm3NYqS/EFEoCyzVY7ov6iSjtFYlhOObBUaBubmDO35v0C4iS3VeQYu5DrbQ1wE64yHMcXkVdV2mNfmfvBJZ1GTTjea2h6agp/Jt8bkTsxWYOBEcxRygU9cyOi2lDTkwYN+V2hYBzfZvPOHn8Wdf0lhZ9CN4dMR6lZ1AY2otyz0h3a+RZ3eiWP7fqdLNnbKVEvPdZwIDAQAB';

/** Fixed Firefox add-on id; admins use it in policies.json. */
export const FIREFOX_ADDON_ID = 'trailmark@trailmark.app';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Site rules are data chosen by admins, so the hosts are not known at build time. The tip
    // content script is registered at runtime only for hosts that a "suggest" rule covers.
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab'],
    host_permissions: ['<all_urls>'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: FIREFOX_ADDON_ID, strict_min_version: '128.0' } } }
      : { key: CHROMIUM_PUBLIC_KEY }),
  }),
});
