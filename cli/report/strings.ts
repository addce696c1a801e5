/** The report's words, in English and Dutch. The report is for L&D and management, so plain words. */
export type ReportLang = 'en' | 'nl';

export interface ReportStrings {
  title: string;
  period: (from: string, to: string) => string;
  summaryTitle: string;
  summary: (p: { period: string; tips: string; tools: string; opened: string; rate: string }) => string;
  summaryNoTips: (period: string) => string;
  topTool: (tool: string, tips: string) => string;
  biggestGap: (tool: string, pages: string) => string;
  searches: (count: string) => string;
  askLd: (count: string) => string;
  variantWinner: (winner: string, loser: string, rateWinner: string, rateLoser: string) => string;
  variantNoDifference: (rateA: string, rateB: string) => string;
  variantTooFew: string;
  toolsTitle: string;
  toolsIntro: string;
  shown: string;
  opened: string;
  openRate: string;
  tool: string;
  date: string;
  week: string;
  resourcesTitle: string;
  resourcesIntro: string;
  resource: string;
  saved: string;
  notRelevant: string;
  gapsTitle: string;
  gapsIntro: string;
  gaps: string;
  variantsTitle: string;
  variantsIntro: string;
  variant: string;
  interval: string;
  significance: (p: string, significant: boolean) => string;
  fewerThan: (k: number) => string;
  suppressedNote: (k: number) => string;
  methodTitle: string;
  method: (p: { statements: string; skipped: string; k: number }) => string;
  noData: string;
  generated: (when: string) => string;
  chartLabel: (title: string) => string;
}

const en: ReportStrings = {
  title: 'Trailmark: learning in the flow of work',
  period: (from, to) => `${from} – ${to}`,
  summaryTitle: 'In 30 seconds',
  summary: ({ period, tips, tools, opened, rate }) =>
    `${period} Trailmark showed ${tips} tips in ${tools}; ${opened} resources were opened (${rate}).`,
  summaryNoTips: (period) => `${period} Trailmark showed no tips that enough installations counted.`,
  topTool: (tool, tips) => `Most demand came from ${tool} (${tips} tips).`,
  biggestGap: (tool, pages) =>
    `The biggest gap is in ${tool}: on ${pages} pages nothing in the catalogue fitted. That is where new content would help most.`,
  searches: (count) => `${count} searches in Trailmark found nothing.`,
  askLd: (count) => `People used “Ask L&D” ${count} times.`,
  variantWinner: (winner, loser, rw, rl) =>
    `Copy ${winner} worked better than copy ${loser}: ${rw} against ${rl} of tips led to an opened resource (a significant difference).`,
  variantNoDifference: (a, b) => `Copy A and copy B did about as well (${a} and ${b}); the difference is not significant.`,
  variantTooFew: 'Too few installations saw each copy variant to compare them.',
  toolsTitle: 'Shown and opened, per tool',
  toolsIntro: 'How often each tool showed a tip, and how often a resource was opened from it, over time.',
  shown: 'Tips shown',
  opened: 'Resources opened',
  openRate: 'Opened per tip',
  tool: 'Tool',
  date: 'Date',
  week: 'Week of',
  resourcesTitle: 'Top resources',
  resourcesIntro: 'The resources opened most often.',
  resource: 'Resource',
  saved: 'Saved',
  notRelevant: 'Not relevant',
  gapsTitle: 'Content gaps, per tool',
  gapsIntro: 'Pages in a tool where nothing in the catalogue fitted: where L&D could make or buy content.',
  gaps: 'Pages without a match',
  variantsTitle: 'Copy A or copy B',
  variantsIntro: 'Each installation shows one of two copy variants. Share of tips that led to an opened resource, with its 95 % interval.',
  variant: 'Copy',
  interval: '95 % interval',
  significance: (p, significant) => (significant ? `The difference is significant (${p}).` : `The difference is not significant (${p}).`),
  fewerThan: (k) => `fewer than ${k}`,
  suppressedNote: (k) => `Figures that fewer than ${k} installations contributed to are not shown.`,
  methodTitle: 'How these figures are made',
  method: ({ statements, skipped, k }) =>
    `Each installation of Trailmark counts, on the device, how often tips were shown and opened, per day, tool, resource and copy variant, and sends only those counts to the organisation’s Learning Record Store, once a day. No addresses, page titles, search text or names are sent. This report adds up ${statements} such daily counts${skipped}. Figures that fewer than ${k} installations contributed to are shown as “fewer than ${k}”.`,
  noData: 'No Trailmark counts for this period.',
  generated: (when) => `Made on ${when} with trailmark report.`,
  chartLabel: (title) => `Chart: ${title}. The same figures are in the table below.`,
};

const nl: ReportStrings = {
  title: 'Trailmark: leren tijdens het werk',
  period: (from, to) => `${from} – ${to}`,
  summaryTitle: 'In 30 seconden',
  summary: ({ period, tips, tools, opened, rate }) =>
    `${period} toonde Trailmark ${tips} tips in ${tools}; ${opened} leermiddelen werden geopend (${rate}).`,
  summaryNoTips: (period) => `${period} toonde Trailmark geen tips die genoeg installaties telden.`,
  topTool: (tool, tips) => `De meeste vraag kwam uit ${tool} (${tips} tips).`,
  biggestGap: (tool, pages) =>
    `Het grootste gat zit in ${tool}: op ${pages} pagina’s paste niets uit de catalogus. Daar helpt nieuw aanbod het meest.`,
  searches: (count) => `${count} zoekopdrachten in Trailmark vonden niets.`,
  askLd: (count) => `Mensen gebruikten ${count} keer “Vraag L&D”.`,
  variantWinner: (winner, loser, rw, rl) =>
    `Tekst ${winner} werkte beter dan tekst ${loser}: ${rw} tegen ${rl} van de tips leidde tot een geopend leermiddel (een significant verschil).`,
  variantNoDifference: (a, b) => `Tekst A en tekst B deden het ongeveer even goed (${a} en ${b}); het verschil is niet significant.`,
  variantTooFew: 'Te weinig installaties zagen elke tekstvariant om ze te vergelijken.',
  toolsTitle: 'Getoond en geopend, per tool',
  toolsIntro: 'Hoe vaak elke tool een tip toonde, en hoe vaak daaruit een leermiddel werd geopend, door de tijd.',
  shown: 'Tips getoond',
  opened: 'Leermiddelen geopend',
  openRate: 'Geopend per tip',
  tool: 'Tool',
  date: 'Datum',
  week: 'Week van',
  resourcesTitle: 'Meest geopende leermiddelen',
  resourcesIntro: 'De leermiddelen die het vaakst werden geopend.',
  resource: 'Leermiddel',
  saved: 'Bewaard',
  notRelevant: 'Niet relevant',
  gapsTitle: 'Gaten in het aanbod, per tool',
  gapsIntro: 'Pagina’s in een tool waar niets uit de catalogus paste: waar L&D aanbod kan maken of inkopen.',
  gaps: 'Pagina’s zonder match',
  variantsTitle: 'Tekst A of tekst B',
  variantsIntro:
    'Elke installatie toont één van twee tekstvarianten. Aandeel tips dat leidde tot een geopend leermiddel, met het 95 %-interval.',
  variant: 'Tekst',
  interval: '95 %-interval',
  significance: (p, significant) => (significant ? `Het verschil is significant (${p}).` : `Het verschil is niet significant (${p}).`),
  fewerThan: (k) => `minder dan ${k}`,
  suppressedNote: (k) => `Cijfers waaraan minder dan ${k} installaties bijdroegen, worden niet getoond.`,
  methodTitle: 'Hoe deze cijfers tot stand komen',
  method: ({ statements, skipped, k }) =>
    `Elke installatie van Trailmark telt op het apparaat hoe vaak tips werden getoond en geopend, per dag, tool, leermiddel en tekstvariant, en stuurt alleen die tellingen eens per dag naar de Learning Record Store van de organisatie. Er gaan geen adressen, paginatitels, zoekteksten of namen mee. Dit rapport telt ${statements} van zulke dagtellingen op${skipped}. Cijfers waaraan minder dan ${k} installaties bijdroegen, staan er als “minder dan ${k}”.`,
  noData: 'Geen Trailmark-tellingen in deze periode.',
  generated: (when) => `Gemaakt op ${when} met trailmark report.`,
  chartLabel: (title) => `Grafiek: ${title}. Dezelfde cijfers staan in de tabel eronder.`,
};

export const REPORT_STRINGS: Record<ReportLang, ReportStrings> = { en, nl };
