/// <reference types="chrome" />
/**
 * `npm run screenshots`: the tip and the popup in English and Dutch, light and dark, as PNGs in
 * test/screenshots/ for the README. The language is the browser's (the UI follows it), the theme
 * is the browser's colour scheme; then the options page's column mapping for a Moodle export
 * (README: "Bring your catalogue"). Builds the extension first unless `--no-build`;
 * `--mapping-only` takes only the mapping screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DEMO_SITE_RULES, launchChromium, openPopupFor, openTip, waitForTipScript } from './lib/chromium';
import { serveFolder } from './lib/static-server';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = join(ROOT, 'test/screenshots');

if (!process.argv.includes('--no-build')) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
await mkdir(OUTPUT, { recursive: true });
const site = await serveFolder(join(ROOT, 'cli/demo-site'));

const LANGUAGES = [
  { language: 'en', locale: 'en-GB', page: '/sheets/pivot-help.html' },
  { language: 'nl', locale: 'nl-NL', page: '/intranet/nieuws-datalek.html' },
];
for (const { language, locale, page: path } of process.argv.includes('--mapping-only') ? [] : LANGUAGES) {
  for (const scheme of ['light', 'dark'] as const) {
    const session = await launchChromium({ locale, colorScheme: scheme, siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);

    const page = await session.context.newPage();
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.goto(site.origin + path);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    if (!(await openTip(page))) throw new Error(`the tip on ${path} did not render`);
    await page.waitForTimeout(300);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUTPUT, `tip-${language}-${scheme}.png`) });

    const popup = await openPopupFor(session, page.url());
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.locator('[data-resource-id]').first().waitFor();
    await popup.waitForTimeout(300);
    await popup.screenshot({ path: join(OUTPUT, `popup-${language}-${scheme}.png`) });
    if (language === 'en' && scheme === 'light') {
      // "Ask" in the popup, as an employee fills it in, for the README's L&D section.
      await popup.getByRole('button', { name: /^Can't find what you need\? Ask / }).click();
      await popup.getByLabel('What are you looking for?').fill('Excel macros for monthly reports');
      await popup.getByLabel('Include this page (its title and address)').check();
      await popup.waitForTimeout(200);
      await popup.locator('.tm-ask').screenshot({ path: join(OUTPUT, 'ask-en-light.png') });
    }
    console.log(`${language}, ${scheme}: tip and popup`);
    await session.close();
  }
}
{
  // The mapping screen: a Moodle course export, whose web address is built from a template.
  const session = await launchChromium({ locale: 'en-GB' });
  const options = await session.context.newPage();
  await options.setViewportSize({ width: 1000, height: 900 });
  await options.goto(session.extensionUrl('options.html'));
  await options.getByTestId('catalogue-status').waitFor();
  await options.getByLabel('Import catalogue').setInputFiles(join(ROOT, 'test/fixtures/import/moodle.csv'));
  await options.getByTestId('import-mapping').waitFor();
  await options.locator('tr[data-field="url"] select').selectOption({ label: 'Build it from a template…' });
  await options.getByLabel('Template for url').fill('https://lms.example.org/course/view.php?name={shortname}');
  await options.getByTestId('import-mapping').screenshot({ path: join(OUTPUT, 'mapping-en.png') });
  console.log('options: the column mapping');
  await session.close();
}
await site.close();
console.log(`Screenshots are in ${relative(process.cwd(), OUTPUT) || '.'}/`);
