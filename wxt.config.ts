import { readFileSync } from 'node:fs';
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

/**
 * Firefox's data-consent declaration. Trailmark itself collects nothing ("none"); an organisation
 * may turn on anonymous usage counts (tips shown, opened, dismissed, per week; no URL, page text or
 * identity), which is "technicalAndInteraction", an optional category the employee can refuse.
 */
const DATA_COLLECTION = { required: ['none'], optional: ['technicalAndInteraction'] };

/**
 * An organisation build (`npx trailmark org build`) writes this file and names it in
 * TRAILMARK_ORG_BUILD. Its hosts become required host permissions, which a force-installed
 * extension gets without a prompt; its key fixes the organisation's own extension id.
 */
interface OrgBuild {
  hosts: string[];
  /** Base64 SubjectPublicKeyInfo of the organisation's signing key (the manifest `key`). */
  chromiumKey: string;
  firefoxId: string;
  version: string;
  chromiumUpdateUrl: string;
  firefoxUpdateUrl: string;
  outDir: string;
}
const ORG: OrgBuild | undefined = process.env.TRAILMARK_ORG_BUILD
  ? (JSON.parse(readFileSync(process.env.TRAILMARK_ORG_BUILD, 'utf8')) as OrgBuild)
  : undefined;

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // The options page's import worker loads the spreadsheet reader with import() on first use.
  vite: () => ({ worker: { format: 'es' } }),
  ...(ORG ? { outDir: ORG.outDir, zip: { artifactTemplate: 'trailmark-{{browser}}.zip', zipSources: false } } : {}),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!ORG) return;
      // WXT adds the runtime content script's demo matches to the host permissions; an
      // organisation build holds its own hosts and nothing else.
      const demo = new Set(DEMO_HOSTS.filter((host) => !ORG.hosts.includes(host)));
      if (manifest.host_permissions) manifest.host_permissions = manifest.host_permissions.filter((host: string) => !demo.has(host));
      if (manifest.permissions) manifest.permissions = manifest.permissions.filter((permission) => !demo.has(permission));
      // WXT takes the version from package.json; each organisation build carries its own.
      manifest.version = ORG.version;
    },
  },
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
    // An organisation build holds its own tools' hosts instead of the demo's.
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'alarms'],
    // Copies: WXT adds to this list in place.
    host_permissions: [...(ORG ? ORG.hosts : DEMO_HOSTS)],
    // The tip's frame is the only page a web page may load (see entrypoints/tip-ui): in Chromium
    // only through the per-session dynamic URL, so no page can probe for Trailmark by its fixed
    // id; Firefox's moz-extension URLs are random per installation already. Its scripts and styles
    // are loaded by the frame itself, from the extension's origin, and need not be listed.
    ...(browser === 'firefox'
      ? {
          web_accessible_resources: ['tip-frame.html'],
          optional_permissions: OPTIONAL_HOSTS,
          browser_specific_settings: {
            gecko: {
              id: ORG ? ORG.firefoxId : FIREFOX_ADDON_ID,
              strict_min_version: '140.0',
              data_collection_permissions: DATA_COLLECTION,
              ...(ORG ? { update_url: ORG.firefoxUpdateUrl } : {}),
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          optional_host_permissions: OPTIONAL_HOSTS,
          web_accessible_resources: [{ resources: ['tip-frame.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
          // Enterprise policy (Firefox reads the same values from policies.json without a schema).
          storage: { managed_schema: 'managed_schema.json' },
          key: ORG ? ORG.chromiumKey : CHROMIUM_PUBLIC_KEY,
          ...(ORG ? { update_url: ORG.chromiumUpdateUrl } : {}),
        }),
  }),
});
