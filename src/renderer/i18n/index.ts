import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { nl } from './nl';

/**
 * The screens in English and Dutch (i18next + react-i18next). The language is the one the operator picked in the
 * header (remembered in localStorage), else the first of the OS/browser languages we have, else English.
 * `<html lang>` follows it, and numbers and dates are formatted for it (components/format.ts).
 */
export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'canopy-batch-language';

const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/** The picked language, else the first supported one of the browser's list ("nl-BE" counts as Dutch). */
export function chooseLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  void i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => document.documentElement.setAttribute('lang', language));

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, nl: { translation: nl } },
  lng: chooseLanguage(storedLanguage(), navigator.languages?.length ? navigator.languages : [navigator.language]),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false, // the resources are bundled: ready before the first render
  showSupportNotice: false, // no advertisement in the operator's console
});

export { i18n };
