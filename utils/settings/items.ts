import { storage } from 'wxt/utils/storage';
import type { SiteRule } from '../rules/schema';
import type { ManagedConfig } from './managed';

/** Site rules set in the options page; `null` until someone saves rules, meaning the built-in defaults. */
export const siteRulesItem = storage.defineItem<SiteRule[] | null>('local:siteRules', { fallback: null, version: 1 });

/** UI language: follow the browser (`auto`) or a fixed one. */
export const uiLocaleItem = storage.defineItem<'auto' | 'en' | 'nl'>('local:uiLocale', { fallback: 'auto', version: 1 });

/** The employee's roles or departments, for rules with an audience. Kept on this device only. */
export const audienceItem = storage.defineItem<string[]>('local:audience', { fallback: [], version: 1 });

/**
 * The last valid enterprise policy, with warnings about refused values. Written by the background
 * whenever `storage.managed` is read; kept so an invalid value never undoes a valid one.
 */
export const managedConfigItem = storage.defineItem<ManagedConfig | null>('local:managedPolicy', { fallback: null, version: 1 });
