import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTranslator } from '../utils/i18n';
import { describeProfileProblem } from '../utils/profile/problems';
import { describeRuleProblem } from '../utils/rules/problems';
import { DEFAULT_STORED_SETTINGS, settingsInForce } from '../utils/settings/in-force';
import { chromeDrops, describeChromeDrop, type PolicySchema } from '../utils/settings/chrome-schema';
import { MANAGED_KEYS, mergeManagedPolicy } from '../utils/settings/managed';
import { CliError } from './lib/load';

/** Chromium extension id (fixed by the manifest key); Edge uses the same when installed from the same package. */
export const CHROMIUM_EXTENSION_ID = 'lhkhdplcajpmiffoajiofbcaojalngdc';
export const FIREFOX_ADDON_ID = 'trailmark@trailmark.app';

const SCHEMA_FILE = resolve(import.meta.dirname, '../public/managed_schema.json');

export const POLICY_USAGE = `Usage: trailmark policy <admx|check> [options]

  admx [--out <dir>]   write Group Policy templates (trailmark.admx, en-US/ and nl-NL/trailmark.adml)
                       for Google Chrome, Microsoft Edge and Firefox, made from public/managed_schema.json
                       (default <dir>: ./policy-templates)
  check <file.json>    check a policy file as Trailmark reads it: a Chromium managed policy file
                       ({"3rdparty": {"extensions": {...}}}), a Firefox policies.json, or just the values
  -h, --help           this text`;

/** A policy in `managed_schema.json`: what Chrome checks, and the text the templates show. */
interface SchemaProperty extends PolicySchema {
  title: string;
  description: string;
}
export interface ManagedSchema extends PolicySchema {
  properties: Record<string, SchemaProperty>;
}

let schemaRead: ManagedSchema | undefined;
/** The extension's own `public/managed_schema.json`, read once. */
export function readManagedSchema(): ManagedSchema {
  return (schemaRead ??= JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as ManagedSchema);
}

/** The extension's ids: the public build's, or an organisation build's (`trailmark org build`). */
export interface ExtensionIds {
  chromium: string;
  firefox: string;
}
const PUBLIC_IDS: ExtensionIds = { chromium: CHROMIUM_EXTENSION_ID, firefox: FIREFOX_ADDON_ID };

/** Where each browser reads an extension's policy in the Windows registry. */
export const registryKeys = (ids: ExtensionIds) =>
  ({
    Chrome: `Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${ids.chromium}\\policy`,
    Edge: `Software\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${ids.chromium}\\policy`,
    Firefox: `Software\\Policies\\Mozilla\\Firefox\\3rdparty\\Extensions\\${ids.firefox}`,
  }) as const;
export const REGISTRY_KEYS = registryKeys(PUBLIC_IDS);
type Browser = keyof typeof REGISTRY_KEYS;
const BROWSERS = Object.keys(REGISTRY_KEYS) as Browser[];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Dutch titles for the policies (the schema's own text is English). */
const DUTCH: Record<string, { title: string; description: string }> = {
  catalogueFeedUrl: {
    title: 'URL van de catalogusfeed',
    description:
      'Volledig https://-adres van de ondertekende catalogusfeed (feed.json). Gaat boven de feed die een medewerker instelde en is in de instellingen niet te wijzigen.',
  },
  catalogueFeedPublicKey: {
    title: 'Publieke sleutel van de catalogusfeed',
    description:
      'Publieke sleutel (Ed25519, base64 of PEM) waarmee de handtekening van de feed moet kloppen. Een feed met een andere sleutel wordt geweigerd; de huidige catalogus blijft.',
  },
  siteRules: {
    title: 'Siteregels',
    description:
      'Waar Trailmark pagina’s mag lezen en leermiddelen voorstellen (action suggest) en waar nooit (action block), als JSON-lijst op één regel. Een blokkeerregel wint altijd; anders de meest specifieke suggestieregel. Een ongeldige lijst wordt genegeerd met een waarschuwing in de instellingen; de laatste geldige blijft van kracht.',
  },
  lockSettings: {
    title: 'Instellingen vergrendelen',
    description: 'Bij true kunnen medewerkers geen siteregels of catalogusfeed toevoegen of wijzigen.',
  },
  maxTipsPerDay: {
    title: 'Hoogstens zoveel ongevraagde tips per dag',
    description:
      'Het grootste aantal tips dat Trailmark in 24 uur uit zichzelf toont, van 0 tot en met 20 (0: geen tips vanzelf; de pop-up werkt gewoon). Een medewerker kan minder kiezen, niet meer.',
  },
  ldProfile: {
    title: 'L&D-profiel',
    description:
      'Wie de leermiddelen aanbiedt, als JSON op één regel: {"name": "Leren & Ontwikkelen", "tagline": "…", "logo": "<PNG of WebP in base64, hoogstens 32 KB>", "accent": "#2f7d6b", "contact": "mailto:leren@example.com", "contactTopicParam": "onderwerp", "about": "https://…"}. Elk veld dat hier staat gaat boven het profiel in de feed. Een ongeldig veld wordt genegeerd met een waarschuwing in de instellingen; de andere velden gelden.',
  },
  minRepeatAfterDays: {
    title: 'Minstens zoveel dagen voor een tip terugkomt',
    description:
      'Het kleinste aantal dagen, van 0 tot en met 365, voordat hetzelfde leermiddel op dezelfde site opnieuw vanzelf wordt voorgesteld. Een medewerker kan meer dagen kiezen, niet minder.',
  },
  analyticsLrsEndpoint: {
    title: 'Analyse: LRS-endpoint',
    description:
      'Zet anonieme tellingen voor L&D aan. Het xAPI-endpoint van de eigen Learning Record Store (LRS) van de organisatie, https:// (bijvoorbeeld https://lrs.example.com/xAPI/). Trailmark stuurt dan eens per dag hoe vaak tips werden getoond en geopend, leermiddelen geopend, bewaard, weggeklikt of als niet relevant gemarkeerd, "Vraag L&D" gebruikt en waar niets in de catalogus paste, per dag, siteregel, leermiddel en tekstvariant. Nooit een adres, paginatitel, zoektekst of wie de medewerker is. Alleen aan als endpoint, sleutel, geheim en homepage van de organisatie alle vier geldig zijn ingesteld.',
  },
  analyticsLrsKey: {
    title: 'Analyse: LRS-sleutel',
    description:
      'De sleutel (gebruikersnaam voor HTTP Basic) van een LRS-client die alleen statements mag schrijven. Wie bij het apparaat kan, kan beleidswaarden lezen: geef deze client dus geen leesrechten.',
  },
  analyticsLrsSecret: {
    title: 'Analyse: LRS-geheim',
    description: 'Het geheim (wachtwoord voor HTTP Basic) van de LRS-client die alleen mag schrijven.',
  },
  analyticsOrgHomePage: {
    title: 'Analyse: homepage van de organisatie',
    description:
      'De https://-homepage van de organisatie, bijvoorbeeld https://example.com. Elke installatie stuurt als één gedeeld anoniem account { homePage: dit adres, name: "trailmark" }, zodat de LRS medewerkers niet van elkaar kan onderscheiden.',
  },
  analyticsEmployeesMayOptOut: {
    title: 'Analyse: medewerkers mogen zich afmelden',
    description:
      'Bij true (standaard) kan een medewerker de tellingen voor de eigen browser uitzetten in de instellingen. Zet dit alleen op false als de ondernemingsraad of privacyfunctionaris heeft ingestemd dat de tellingen anoniem genoeg zijn om geen afmelding te vragen.',
  },
};

/**
 * Group Policy templates (ADMX and ADML) for the policies in the schema, one category per browser.
 * Lists (site rules) are a JSON text on one line, as Chrome, Edge and Trailmark read registry
 * strings for list policies.
 *
 * @example const { admx, adml } = buildAdmx(schema); adml.en // '<?xml …'
 */
export function buildAdmx(schema: ManagedSchema, ids: ExtensionIds = PUBLIC_IDS): { admx: string; adml: { en: string; nl: string } } {
  const keys = registryKeys(ids);
  const names = Object.keys(schema.properties);
  const policies = BROWSERS.flatMap((browser) =>
    names.map((name) => {
      const property = schema.properties[name]!;
      const head = `    <policy name="${browser}_${name}" class="Both" displayName="$(string.${name})" explainText="$(string.${name}_Explain)"${property.type === 'boolean' ? '' : ` presentation="$(presentation.${name})"`} key="${keys[browser]}"${property.type === 'boolean' ? ` valueName="${name}"` : ''}>
      <parentCategory ref="Trailmark_${browser}" />
      <supportedOn ref="SUPPORTED_Trailmark" />`;
      const body =
        property.type === 'boolean'
          ? `      <enabledValue><decimal value="1" /></enabledValue>
      <disabledValue><decimal value="0" /></disabledValue>`
          : `      <elements>
        <text id="${name}" valueName="${name}" maxLength="${property.type === 'array' || property.type === 'object' ? 65535 : 4000}" />
      </elements>`;
      return `${head}\n${body}\n    </policy>`;
    }),
  );
  const admx = `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by "trailmark policy admx" from public/managed_schema.json. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="trailmark" namespace="Trailmark.Policies" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_Trailmark" displayName="$(string.SUPPORTED_Trailmark)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="Trailmark" displayName="$(string.Trailmark)" />
${BROWSERS.map((b) => `    <category name="Trailmark_${b}" displayName="$(string.Trailmark_${b})">\n      <parentCategory ref="Trailmark" />\n    </category>`).join('\n')}
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`;
  const adml = (language: 'en' | 'nl') => {
    const text = (name: string) => (language === 'nl' ? DUTCH[name] : undefined) ?? schema.properties[name]!;
    const strings = [
      ['Trailmark', 'Trailmark'],
      [
        'SUPPORTED_Trailmark',
        language === 'nl'
          ? 'Trailmark in Google Chrome, Microsoft Edge en Firefox'
          : 'Trailmark in Google Chrome, Microsoft Edge and Firefox',
      ],
      ...BROWSERS.map((b) => [
        `Trailmark_${b}`,
        `Trailmark (${b === 'Chrome' ? 'Google Chrome' : b === 'Edge' ? 'Microsoft Edge' : 'Mozilla Firefox'})`,
      ]),
      ...names.flatMap((name) => [
        [name, text(name).title],
        [`${name}_Explain`, text(name).description],
      ]),
    ];
    const presentations = names
      .filter((name) => schema.properties[name]!.type !== 'boolean')
      .map(
        (name) =>
          `      <presentation id="${name}">\n        <textBox refId="${name}">\n          <label>${escapeXml(text(name).title)}</label>\n        </textBox>\n      </presentation>`,
      );
    return `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by "trailmark policy admx" from public/managed_schema.json. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>Trailmark</displayName>
  <description>Trailmark</description>
  <resources>
    <stringTable>
${strings.map(([id, value]) => `      <string id="${id}">${escapeXml(value!)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
  };
  return { admx, adml: { en: adml('en'), nl: adml('nl') } };
}

/**
 * The Trailmark values inside a policy file: a Chromium managed policy file, a Firefox
 * policies.json, or the values themselves.
 */
export function policyValues(data: unknown): unknown {
  const object = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  // An organisation build has its own ids: a file with one extension's values is read as Trailmark's.
  const only = (entries: Record<string, unknown> | undefined, id: string) => {
    if (entries?.[id] !== undefined) return entries[id];
    const values = Object.values(entries ?? {});
    return values.length === 1 ? values[0] : undefined;
  };
  const chromium = only(object(object(object(data)?.['3rdparty'])?.extensions), CHROMIUM_EXTENSION_ID);
  if (chromium !== undefined) return chromium;
  const firefox = only(object(object(object(object(data)?.policies)?.['3rdparty'])?.Extensions), FIREFOX_ADDON_ID);
  if (firefox !== undefined) return firefox;
  if (object(data)?.['3rdparty'] || object(data)?.policies) {
    throw new CliError(
      `No Trailmark values found: expected them under 3rdparty → extensions → ${CHROMIUM_EXTENSION_ID} (Chromium) or policies → 3rdparty → Extensions → ${FIREFOX_ADDON_ID} (Firefox).`,
    );
  }
  return data;
}

/** Checks a policy as the extension will read it; lists every refused value in plain words. */
export function checkPolicy(data: unknown, schema: PolicySchema = readManagedSchema()): { ok: boolean; report: string } {
  const t = createTranslator('en');
  const raw = policyValues(data);
  const values = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  // Chrome and Edge check types before Trailmark sees anything; Firefox (a policies.json) does not.
  const firefoxFile = !!(data && typeof data === 'object' && 'policies' in data);
  const drops = firefoxFile ? [] : chromeDrops(values, schema);
  const dropped = new Set(drops.filter((drop) => drop.effect === 'dropped').map((drop) => drop.key));
  const config = mergeManagedPolicy(null, raw);
  const lines = Object.entries(config.values)
    .filter(([key]) => !dropped.has(key))
    .map(([key, value]) => `ok       ${key}${Array.isArray(value) ? ` (${value.length} rules)` : ''}`);
  for (const drop of drops) {
    lines.push(`${drop.effect === 'dropped' ? 'DROPPED ' : 'STRIPPED'} ${describeChromeDrop(drop)}`);
    if (drop.effect === 'dropped' && Object.hasOwn(config.values, drop.key))
      lines.push(`           Firefox reads this value; written as Chrome asks, it works in every browser.`);
  }
  for (const warning of config.warnings) {
    lines.push(
      warning.unknown
        ? `UNKNOWN  ${warning.key}: ${t(warning.reason, MANAGED_KEYS.join(', '))}`
        : `IGNORED  ${warning.key}: it ${t(warning.reason)}`,
    );
    for (const problem of warning.problems ?? []) lines.push(`           ${describeRuleProblem(problem, t)}`);
    for (const problem of warning.profileProblems ?? []) lines.push(`           ${describeProfileProblem(problem, t)}`);
  }
  if (lines.length === 0) lines.push('No Trailmark policy values found.');
  // The extension's own definition of the settings in force, for an employee who changed nothing.
  const inChrome =
    dropped.size > 0 ? mergeManagedPolicy(null, Object.fromEntries(Object.entries(values).filter(([key]) => !dropped.has(key)))) : config;
  const inForce = settingsInForce(DEFAULT_STORED_SETTINGS, inChrome);
  lines.push(
    '',
    dropped.size > 0 ? 'In force in Chrome and Edge for an employee who changed nothing:' : 'In force for an employee who changed nothing:',
    `  site rules: ${inForce.rules.inForce.length} (${inForce.rules.policy?.length ?? 0} from this policy)${inForce.locked.ownRules ? '; own rules locked' : ''}`,
    `  tips: at most ${inForce.attention.tipsPerDay} a day, the same one again after ${inForce.attention.repeatAfterDays} days`,
    `  feed: ${inForce.feed.url || 'none'}${inForce.locked.feedUrl ? ' (locked)' : ''}`,
  );
  return { ok: config.warnings.length === 0 && drops.length === 0, report: lines.join('\n') };
}

/**
 * `trailmark policy …`: writes Group Policy templates, or checks a policy file.
 *
 * @example await runPolicy(['admx', '--out', 'templates'])
 */
export async function runPolicy(argv: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${POLICY_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined) return POLICY_USAGE;
  if (extra.length) throw new CliError(`Unexpected argument: ${extra[0]}\n\n${POLICY_USAGE}`);
  if (command === 'admx') {
    const { admx, adml } = buildAdmx(readManagedSchema());
    const out = resolve(values.out ?? 'policy-templates');
    await mkdir(join(out, 'en-US'), { recursive: true });
    await mkdir(join(out, 'nl-NL'), { recursive: true });
    await writeFile(join(out, 'trailmark.admx'), admx);
    await writeFile(join(out, 'en-US', 'trailmark.adml'), adml.en);
    await writeFile(join(out, 'nl-NL', 'trailmark.adml'), adml.nl);
    return `Wrote ${join(out, 'trailmark.admx')}, en-US/trailmark.adml and nl-NL/trailmark.adml.\nCopy them to C:\\Windows\\PolicyDefinitions (or your central store) and find them under Administrative Templates → Trailmark.`;
  }
  if (command === 'check') {
    if (!file) throw new CliError(`Missing <file.json>\n\n${POLICY_USAGE}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const { ok, report } = checkPolicy(data);
    if (!ok) throw new CliError(`${file}:\n${report}`);
    return `${file}:\n${report}`;
  }
  throw new CliError(`Unknown policy command "${command}"\n\n${POLICY_USAGE}`);
}
