import { defineConfig } from 'wxt';

/** Public half of the key that fixes the Chromium extension id (lhkhdplcajpmiffoajiofbcaojalngdc). */
const CHROMIUM_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp/IFqaNLGeuG+Qfj9BAxLE2ZL8Nc5PzYHuyZMq0SFdIr+WUHTdd4kIZSzKS+NMbgVpFuwyBUpIy01ySQEGmXQbE+n0Ho9CBMkHb8b5EY6qEMIqbr7+0eZV5V/lwXExg7LYZVPHC8NynBv2VKQm3NYqS/EFEoCyzVY7ov6iSjtFYlhOObBUaBubmDO35v0C4iS3VeQYu5DrbQ1wE64yHMcXkVdV2mNfmfvBJZ1GTTjea2h6agp/Jt8bkTsxWYOBEcxRygU9cyOi2lDTkwYN+V2hYBzfZvPOHn8Wdf0lhZ9CN4dMR6lZ1AY2otyz0h3a+RZ3eiWP7fqdLNnbKVEvPdZwIDAQAB';

/** The demo site (npm start) is served on loopback; these are the only hosts granted at install. */
const DEMO_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Any web page, requested host by host at run time (never all at once unless a rule needs it). */
const OPTIONAL_HOSTS = ['*://*/*'];

/** Fixed Firefox add-on id; admins use it in policies.json. */
export const FIREFOX_ADDON_ID = 'trailmark@trailmark.app';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // The options page's import worker loads the spreadsheet reader with import() on first use.
  vite: () => ({ worker: { format: 'es' } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Least privilege. Site rules are data chosen by admins, so their hosts are not known at build
    // time: Trailmark holds only the demo site's loopback hosts from the start, asks for each
    // rule's hosts as optional permissions when a rule is added (or the employee allows the
    // organisation's rules), and registers the tip content script only where a suggest rule and
    // a granted permission meet. activeTab lets the popup read the current page when asked.
    // `alarms` schedules the catalogue feed checks; the feed's host is asked for like a rule's.
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'alarms'],
    host_permissions: DEMO_HOSTS,
    ...(browser === 'firefox'
      ? {
          optional_permissions: OPTIONAL_HOSTS,
          browser_specific_settings: { gecko: { id: FIREFOX_ADDON_ID, strict_min_version: '128.0' } },
        }
      : {
          optional_host_permissions: OPTIONAL_HOSTS,
          // Enterprise policy (Firefox reads the same values from policies.json without a schema).
          storage: { managed_schema: 'managed_schema.json' },
          key: CHROMIUM_PUBLIC_KEY,
        }),
  }),
});
