import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** What a person expects on each demo page: a tip or not, and the resources that would fit. */
export interface DemoExpectation {
  path: string;
  tip: boolean;
  expected: string[];
}

export const DEMO_SITE_DIR = resolve('cli/demo-site');

export function demoExpectations(): DemoExpectation[] {
  return (JSON.parse(readFileSync(resolve('test/fixtures/demo-expectations.json'), 'utf8')) as { pages: DemoExpectation[] }).pages;
}

/** A catalogue CSV with one bad row (row 3: an http: link), for the refusal test. */
export const BAD_CATALOGUE_CSV = [
  'id,title,description,url,type,language,duration_minutes,skills,keywords,provider,audience,level,updated_at,active',
  'ok-1,Good resource,Fine,https://learn.example.com/ok-1,article,en,10,writing,clear writing,L&D,,beginner,2026-01-01,true',
  'bad-2,Insecure link,Broken,http://learn.example.com/bad-2,article,en,10,writing,clear writing,L&D,,beginner,2026-01-01,true',
].join('\n');

/** A small valid catalogue whose one resource is findable by a word no sample resource has. */
export const SMALL_CATALOGUE_CSV = [
  'id,title,description,url,type,language,duration_minutes,skills,keywords,provider,audience,level,updated_at,active',
  'zebra-1,Zebra crossings for project managers,Everything about zebrafication,https://learn.example.com/zebra,article,en,10,project-management,zebrafication,L&D,,beginner,2026-01-01,true',
].join('\n');
