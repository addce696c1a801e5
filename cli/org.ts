import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { feedOrigin, originsForRules } from '../utils/permissions/origins';
import { parseMatchPattern } from '../utils/rules/match-pattern';
import type { SiteRule } from '../utils/rules/schema';
import { describeRuleProblem } from '../utils/rules/problems';
import { createTranslator } from '../utils/i18n';
import { mergeManagedPolicy } from '../utils/settings/managed';
import { CliError, UsageError } from './lib/load';
import { buildAdmx, policyValues, readManagedSchema } from './policy';

const ROOT = resolve(import.meta.dirname, '..');

export const ORG_USAGE = `Usage: trailmark org build --update-url <https://…/trailmark/> (--hosts <list> | --rules <file.json>) [options]

Builds Trailmark for your organisation: its own tools are required host permissions, so a
force-installed Trailmark works there with no click by anyone.

  --hosts <list>         the organisation's sites, comma-separated match patterns
                         ("https://crm.example.com/*,https://*.intranet.example.com/*")
  --rules <file.json>    site rules (a JSON list, or a policy file with siteRules); their suggest
                         rules' hosts are the build's hosts. Without it, --hosts becomes one rule.
  --update-url <url>     the https:// folder where you will host the files in <out>/site
  --key <file.pem>       the organisation's signing key (default: trailmark-org-key.pem). Made on the
                         first build; keep it and use it for every later build: it fixes the id.
  --feed-url <url>       catalogue feed (feed.json) to set by policy, and whose host to include
  --feed-public-key <k>  the feed's public key (the line "feed keygen" printed, or that file)
  --firefox-id <id>      the Firefox add-on id (default: trailmark@<your domain>)
  --version <x.y.z>      version of this build (default: package.json's); raise it for every update
  --out <dir>            where to write everything (default: trailmark-org)
  -h, --help             this text`;

/** Too broad to be "the organisation's tools": every site, or every site under a top-level domain. */
const SHARED_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gv']);

/**
 * Why a host is not fit to be a required host permission of an organisation build, or undefined
 * when it is. Host permissions are match patterns; a pattern for every site, or for all of a
 * top-level domain (`*.com`, `*.co.uk`), would make the roll-out read pages far beyond the
 * organisation's own tools.
 *
 * @example hostProblem('<all_urls>') // 'covers every site on the web. …'
 */
export function hostProblem(host: string): string | undefined {
  const parsed = parseMatchPattern(host);
  if ('fault' in parsed) {
    return `is not a host pattern. Write it like https://crm.example.com/* or https://*.intranet.example.com/* (scheme, host, then a path such as /*)`;
  }
  if (parsed.schemes.length === 1 && parsed.schemes[0] === 'file')
    return 'is a file:// pattern; an organisation build covers web sites only';
  if (parsed.source === '<all_urls>' || parsed.host === '') {
    return 'covers every site on the web. Name the organisation’s own hosts instead; Trailmark asks for other sites one by one when a rule needs them';
  }
  const labels = parsed.host.split('.');
  if (parsed.subdomains && (labels.length === 1 || (labels.length === 2 && SHARED_SECOND_LEVEL.has(labels[0]!)))) {
    return `covers every site under “.${parsed.host}”, which many organisations share. Name your own domain, such as https://*.example.${parsed.host}/*`;
  }
  return undefined;
}

/** The Chromium extension id for a public key: the first 128 bits of its SHA-256, written in a–p. */
export function extensionId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * What the organisation bakes into its policy files besides the hosts. Issue 11's L&D profile
 * joins here (and in `toPolicyValues`) once its schema exists.
 */
export interface OrgDefaults {
  siteRules: SiteRule[];
  feedUrl?: string;
  feedPublicKey?: string;
}

/** The policy values (`3rdparty` extension policy) an org build's policy files set. */
export function toPolicyValues(defaults: OrgDefaults): Record<string, unknown> {
  return {
    siteRules: defaults.siteRules,
    ...(defaults.feedUrl ? { catalogueFeedUrl: defaults.feedUrl } : {}),
    ...(defaults.feedPublicKey ? { catalogueFeedPublicKey: defaults.feedPublicKey } : {}),
  };
}

/** A domain-like name for the default Firefox id: the last two labels of the first exact host. */
function orgDomain(hosts: readonly string[]): string {
  for (const host of hosts) {
    const parsed = parseMatchPattern(host);
    if (!('fault' in parsed) && parsed.host) return parsed.host.split('.').slice(-2).join('.');
  }
  return 'organisation.invalid';
}

/** The update folder as a URL ending in `/`; https only, except loopback for trying it out. */
function updateBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--update-url must be a full web address such as https://intranet.example.com/trailmark/ (found “${value}”)`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError(`--update-url must start with https:// (browsers fetch updates only from a secure address; found “${value}”)`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The key in `path`, or a new RSA-2048 key written there (the CRX3 format signs with RSA). */
async function loadOrCreateKey(path: string): Promise<{ key: KeyObject; created: boolean }> {
  try {
    return { key: createPrivateKey(await readFile(path, 'utf8')), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(`Cannot read the signing key ${path}: ${(error as Error).message}`);
    }
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { key: privateKey, created: true };
}

/** Runs a command in the repository, its output shown only when it fails. */
function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done() : fail(new CliError(`${command} ${args.join(' ')} failed (exit code ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A value as a property-list element (macOS configuration profiles and `defaults`). */
function plistValue(value: unknown, indent: string): string {
  if (typeof value === 'string') return `${indent}<string>${escapeXml(value)}</string>`;
  if (typeof value === 'boolean') return `${indent}<${value}/>`;
  if (typeof value === 'number') return `${indent}<integer>${value}</integer>`;
  if (Array.isArray(value)) return `${indent}<array>\n${value.map((v) => plistValue(v, `${indent}  `)).join('\n')}\n${indent}</array>`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `${indent}<dict>\n${entries.map(([k, v]) => `${indent}  <key>${escapeXml(k)}</key>\n${plistValue(v, `${indent}  `)}`).join('\n')}\n${indent}</dict>`;
}
const plist = (value: Record<string, unknown>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${plistValue(value, '')}\n</plist>\n`;

/** A .reg string value: lists and objects as JSON text on one line, as Chrome, Edge and Trailmark read them. */
function regValue(name: string, value: unknown): string {
  if (typeof value === 'boolean') return `"${name}"=dword:0000000${value ? 1 : 0}`;
  if (typeof value === 'number') return `"${name}"=dword:${value.toString(16).padStart(8, '0')}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${name}"="${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface OrgPolicyInput {
  chromiumId: string;
  firefoxId: string;
  updateBase: string;
  values: Record<string, unknown>;
}

/** Every policy file the roll-out needs, by path under `<out>/policies`. Pure, for tests. */
export function orgPolicyFiles({ chromiumId, firefoxId, updateBase, values }: OrgPolicyInput): Record<string, string> {
  const forcelist = `${chromiumId};${updateBase}updates.xml`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  // Firefox refuses to install an add-on whose update_url is not https ("Updates for add-on … must
  // be provided over HTTPS", then "Incompatible add-on") unless extensions.checkUpdateSecurity is
  // off. Only a loopback try-out has an http update URL (`updateBase` refuses it elsewhere).
  const httpUpdates = updateBase.startsWith('http:') ? { 'extensions.checkUpdateSecurity': { Value: false, Status: 'locked' } } : undefined;
  const firefox = {
    ExtensionSettings: { [firefoxId]: { installation_mode: 'force_installed', install_url: `${updateBase}trailmark.xpi` } },
    '3rdparty': { Extensions: { [firefoxId]: values } },
    ...(httpUpdates ? { Preferences: httpUpdates } : {}),
  };
  const reg = (vendor: string) =>
    [
      'Windows Registry Editor Version 5.00',
      '',
      `[HKEY_LOCAL_MACHINE\\Software\\Policies\\${vendor}\\ExtensionInstallForcelist]`,
      `"1"="${forcelist}"`,
      '',
      `[HKEY_LOCAL_MACHINE\\Software\\Policies\\${vendor}\\3rdparty\\extensions\\${chromiumId}\\policy]`,
      ...Object.entries(values).map(([name, value]) => regValue(name, value)),
      '',
    ].join('\r\n');
  return {
    'linux/chromium-and-chrome.json': json({
      ExtensionInstallForcelist: [forcelist],
      '3rdparty': { extensions: { [chromiumId]: values } },
    }),
    'windows/chrome.reg': reg('Google\\Chrome'),
    'windows/edge.reg': reg('Microsoft\\Edge'),
    'macos/com.google.Chrome.plist': plist({ ExtensionInstallForcelist: [forcelist] }),
    [`macos/com.google.Chrome.extensions.${chromiumId}.plist`]: plist(values),
    'macos/com.microsoft.Edge.plist': plist({ ExtensionInstallForcelist: [forcelist] }),
    [`macos/com.microsoft.Edge.extensions.${chromiumId}.plist`]: plist(values),
    'firefox/policies.json': json({ policies: firefox }),
    // Firefox installs only signed add-ons, except ESR (and Developer Edition) with this preference off.
    'firefox/policies-unsigned-esr.json': json({
      policies: { ...firefox, Preferences: { ...httpUpdates, 'xpinstall.signatures.required': { Value: false, Status: 'locked' } } },
    }),
  };
}

/** The Chromium update manifest (`updates.xml`), as Chrome's and Edge's updater read it. */
export function updatesXml(chromiumId: string, version: string, crxUrl: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${chromiumId}'>
    <updatecheck codebase='${escapeXml(crxUrl)}' version='${escapeXml(version)}' />
  </app>
</gupdate>
`;
}

/** The Firefox update manifest (`updates.json`). */
export function updatesJson(firefoxId: string, version: string, xpiUrl: string, sha256: string): string {
  const update = { version, update_link: xpiUrl, update_hash: `sha256:${sha256}` };
  return `${JSON.stringify({ addons: { [firefoxId]: { updates: [update] } } }, null, 2)}\n`;
}

/** Reads site rules from a rules list or a policy file, checked as the extension checks policy rules. */
async function readRules(path: string): Promise<SiteRule[]> {
  let data: unknown;
  try {
    data = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`Cannot read the rules file ${path}: ${(error as Error).message}`);
  }
  const values = Array.isArray(data) ? { siteRules: data } : policyValues(data);
  const config = mergeManagedPolicy(null, values);
  const warning = config.warnings.find((w) => w.key === 'siteRules');
  if (warning) {
    const t = createTranslator('en');
    const problems = (warning.problems ?? []).map((p) => `  ${describeRuleProblem(p, t)}`);
    throw new CliError([`The site rules in ${path} ${t(warning.reason)}:`, ...problems].join('\n'));
  }
  if (!config.values.siteRules) throw new CliError(`${path} has no site rules (expected a JSON list of rules or a policy with siteRules)`);
  return config.values.siteRules;
}

/**
 * `trailmark org build …`: the organisation's own Trailmark, its update files and its policies.
 *
 * @example await runOrg(['build', '--hosts', 'https://crm.example.com/*', '--update-url', 'https://intranet.example.com/trailmark/'])
 */
export async function runOrg(argv: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        hosts: { type: 'string' },
        rules: { type: 'string' },
        'update-url': { type: 'string' },
        key: { type: 'string' },
        'feed-url': { type: 'string' },
        'feed-public-key': { type: 'string' },
        'firefox-id': { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return ORG_USAGE;
  const [command, ...extra] = positionals;
  if (command !== 'build') throw new UsageError(command ? `Unknown org command "${command}"` : 'Missing the command: org build');
  if (extra.length) throw new UsageError(`Unexpected argument: ${extra[0]}`);
  if (!values['update-url']) throw new UsageError('Missing --update-url <https://…/trailmark/> (where you will host the files)');
  if (!values.hosts && !values.rules) throw new UsageError('Missing --hosts <list> or --rules <file.json>: which sites is Trailmark for?');
  const base = updateBase(values['update-url']);
  const version = values.version ?? (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  if (!/^\d{1,9}(\.\d{1,9}){0,3}$/.test(version))
    throw new UsageError(`--version must be one to four numbers with dots, such as 1.2.0 (found “${version}”)`);

  // The hosts: given, or read from the rules; every one checked before anything is built.
  const given = (values.hosts ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const refused = given.flatMap((host) => {
    const problem = hostProblem(host);
    return problem ? [`  “${host}” ${problem}.`] : [];
  });
  if (refused.length) throw new CliError(['These hosts cannot be in an organisation build:', ...refused].join('\n'));
  const fileRules = values.rules ? await readRules(values.rules) : undefined;
  const ruleHosts = fileRules ? originsForRules(fileRules) : [];
  const broadRules = ruleHosts.flatMap((host) => {
    const problem = hostProblem(host);
    if (!problem) return [];
    const rules = fileRules!.filter((r) => r.action === 'suggest' && originsForRules([r]).includes(host)).map((r) => `“${r.id}”`);
    return [`  ${rules.join(', ')} need${rules.length === 1 ? 's' : ''} ${host}, which ${problem}.`];
  });
  if (broadRules.length) {
    throw new CliError(
      [
        'These suggest rules need more than the organisation’s own hosts:',
        ...broadRules,
        '  (A regular expression needs its host pinned, as in /^https:\\/\\/crm\\.example\\.com\\//.)',
      ].join('\n'),
    );
  }
  const siteRules = fileRules ?? [
    {
      id: 'org-sites',
      name: 'Organisation sites',
      patterns: given,
      action: 'suggest',
      skills: [],
      keywords: [],
      audience: [],
      enabled: true,
    },
  ];

  const feedPublicKey = values['feed-public-key']
    ? await readFile(values['feed-public-key'], 'utf8').then(
        (text) => text.trim(),
        () => values['feed-public-key']!,
      )
    : undefined;
  const defaults: OrgDefaults = {
    siteRules,
    ...(values['feed-url'] ? { feedUrl: values['feed-url'] } : {}),
    ...(feedPublicKey ? { feedPublicKey } : {}),
  };
  const policy = toPolicyValues(defaults);
  const checked = mergeManagedPolicy(null, policy);
  if (checked.warnings.length) {
    const t = createTranslator('en');
    throw new CliError(checked.warnings.map((w) => `${w.key}: it ${t(w.reason)}`).join('\n'));
  }
  const feedHost = defaults.feedUrl ? feedOrigin(defaults.feedUrl) : undefined;
  const hosts = [...new Set([...given, ...ruleHosts, ...(feedHost ? [feedHost] : [])])];

  const keyPath = resolve(values.key ?? 'trailmark-org-key.pem');
  const { key, created } = await loadOrCreateKey(keyPath);
  const publicKey = createPublicKey(key);
  const chromiumId = extensionId(publicKey);
  const firefoxId = values['firefox-id'] ?? `trailmark@${orgDomain(hosts)}`;
  if (!/^[a-z0-9._+-]+@[a-z0-9.-]+$/i.test(firefoxId))
    throw new UsageError(`--firefox-id must look like name@example.com (found “${firefoxId}”)`);

  const out = resolve(values.out ?? 'trailmark-org');
  const buildDir = join(out, 'build');
  const site = join(out, 'site');
  await rm(out, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  const config = join(buildDir, 'org-build.json');
  await mkdir(buildDir, { recursive: true });
  await writeFile(
    config,
    JSON.stringify(
      {
        hosts,
        chromiumKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        firefoxId,
        version,
        chromiumUpdateUrl: `${base}updates.xml`,
        firefoxUpdateUrl: `${base}updates.json`,
        outDir: buildDir,
      },
      null,
      2,
    ),
  );
  const wxt = join(ROOT, 'node_modules/.bin/wxt');
  const env = { TRAILMARK_ORG_BUILD: config };
  await run(wxt, ['build'], env);
  await run(wxt, ['zip', '-b', 'firefox'], env);

  // CRX3, signed with the organisation's key (the `crx3` package; see README).
  const crx3 = createRequire(import.meta.url)('crx3') as (files: string[], options: Record<string, string>) => Promise<unknown>;
  await crx3([join(buildDir, 'chrome-mv3')], { keyPath, crxPath: join(site, 'trailmark.crx') });
  const xpi = await readFile(join(buildDir, 'trailmark-firefox.zip'));
  await writeFile(join(site, 'trailmark.xpi'), xpi);
  await writeFile(join(site, 'updates.xml'), updatesXml(chromiumId, version, `${base}trailmark.crx`));
  await writeFile(
    join(site, 'updates.json'),
    updatesJson(firefoxId, version, `${base}trailmark.xpi`, createHash('sha256').update(xpi).digest('hex')),
  );

  const files = orgPolicyFiles({ chromiumId, firefoxId, updateBase: base, values: policy });
  const { admx, adml } = buildAdmx(readManagedSchema(), { chromium: chromiumId, firefox: firefoxId });
  files['windows/admx/trailmark.admx'] = admx;
  files['windows/admx/en-US/trailmark.adml'] = adml.en;
  files['windows/admx/nl-NL/trailmark.adml'] = adml.nl;
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(out, 'policies', path)), { recursive: true });
    await writeFile(join(out, 'policies', path), text);
  }

  // Paths inside the working folder as typed; anything else in full (no "../../../root/…").
  const shown = (path: string) => {
    const inside = relative(process.cwd(), path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside || '.';
  };
  return [
    created
      ? `New signing key: ${shown(keyPath)}. Keep it safe and back it up: every later build must use it, or the id changes and browsers treat it as another extension.`
      : `Signed with ${shown(keyPath)}.`,
    `Chrome/Edge extension id: ${chromiumId}`,
    `Firefox add-on id:        ${firefoxId}`,
    `Version:                  ${version}`,
    `Hosts (granted at install): ${hosts.join(', ')}`,
    '',
    `1. Upload everything in ${shown(site)}/ to ${base}`,
    `   (trailmark.crx, updates.xml, trailmark.xpi, updates.json)`,
    `2. Deploy a policy from ${shown(join(out, 'policies'))}/:`,
    `   linux/chromium-and-chrome.json → /etc/chromium/policies/managed/ (Chromium) or /etc/opt/chrome/policies/managed/ (Chrome)`,
    `   firefox/policies.json → /etc/firefox/policies/policies.json (Linux; Firefox reads one file there: merge it into yours)`,
    `   windows/chrome.reg, windows/edge.reg, windows/admx/ (Group Policy), macos/*.plist`,
    ...(base.startsWith('http:')
      ? [
          '',
          'This update URL is http, for trying it out on this computer: Firefox takes add-on updates only over',
          'https, so its policies here also turn off extensions.checkUpdateSecurity. Use an https:// URL to roll out.',
        ]
      : []),
  ].join('\n');
}
