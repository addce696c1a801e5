import { storage } from 'wxt/utils/storage';
import type { SiteRule } from '../rules/schema';

/** Site rules set in the options page; `null` until someone saves rules, meaning the built-in defaults. */
export const siteRulesItem = storage.defineItem<SiteRule[] | null>('local:siteRules', { fallback: null, version: 1 });

/** UI language: follow the browser (`auto`) or a fixed one. */
export const uiLocaleItem = storage.defineItem<'auto' | 'en' | 'nl'>('local:uiLocale', { fallback: 'auto', version: 1 });
