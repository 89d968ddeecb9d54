// @vitest-environment jsdom
import './setup';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { LanguageSwitch } from '../../src/renderer/components/LanguageSwitch';
import { formatNumber, formatTime } from '../../src/renderer/components/format';
import { chooseLanguage, i18n } from '../../src/renderer/i18n';
import { en } from '../../src/renderer/i18n/en';
import { nl } from '../../src/renderer/i18n/nl';
import { renderUi } from './render';
import { meaningText } from '../../src/renderer/features/log/status';
import type { BatchEventView } from '../../src/shared/model';

/** Every key with its text, as "a.b" → text. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value as object, `${prefix}${key}.`)) flat.set(k, v);
  }
  return flat;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the screens in English and Dutch', () => {
  afterEach(async () => {
    localStorage.clear();
    await i18n.changeLanguage('en');
  });

  it('has every English string in Dutch, with the same values filled in', () => {
    const english = flatten(en);
    const dutch = flatten(nl);
    expect([...dutch.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) expect(placeholders(dutch.get(key)!), key).toEqual(placeholders(text));
  });

  it('picks the remembered language, else the first of the browser languages it has, else English', () => {
    expect(chooseLanguage('nl', ['en-GB'])).toBe('nl');
    expect(chooseLanguage(null, ['fr-FR', 'nl-BE', 'en'])).toBe('nl');
    expect(chooseLanguage(null, ['de-DE'])).toBe('en');
    expect(chooseLanguage('klingon', ['en-US'])).toBe('en');
  });

  it('formats numbers and dates the way the language writes them', async () => {
    const at = Date.UTC(2026, 0, 31, 14, 5, 9);
    expect(formatNumber(50_000)).toBe('50,000');
    await i18n.changeLanguage('nl');
    expect(formatNumber(50_000)).toBe('50.000');
    expect(formatTime(at)).toMatch(/^31-01-2026/);
  });

  it("words the engine's meaning from its code and values, and keeps the engine's sentence where there is none", async () => {
    const event = {
      meaning: '200 OK: Deployteq accepted the batch; its 1200 profiles are delivered.',
      meaningCode: 'outcome.delivered',
      meaningValues: { status: 200, count: 1200 },
    } as unknown as BatchEventView;
    expect(meaningText(event)).toBe('200 OK: Deployteq accepted the batch; its 1,200 profiles are delivered.');
    await i18n.changeLanguage('nl');
    expect(meaningText(event)).toBe('200 OK: Deployteq heeft de batch aangenomen; de 1.200 profielen zijn afgeleverd.');
    const note = { meaning: 'x', meaningCode: 'outcome.deferredBudget', meaningValues: { limit: 50_000, until: Date.UTC(2026, 0, 31, 12, 0, 0) } } as unknown as BatchEventView;
    expect(meaningText(note)).toMatch(/^Daglimiet van 50\.000 verzoeken bereikt .* tot 31-01-2026/);
    const paused = { meaning: 'x', meaningCode: 'outcome.paused429LimitCount', meaningValues: { status: 429, until: Date.UTC(2026, 0, 31, 23, 0, 0), limit: 50_000, count: 50_012 } } as unknown as BatchEventView;
    expect(meaningText(paused)).toMatch(/^429 Daglimiet bereikt \(de limiet van deze connector is 50\.000 verzoeken per dag; Deployteq telt vandaag 50\.012 verzoeken\): connector gepauzeerd tot \d\d-\d\d-2026/);
    await i18n.changeLanguage('en');
    expect(meaningText(paused)).toMatch(/^429 Daily limit reached \(this connector's limit is 50,000 requests a day; Deployteq counts 50,012 requests today\): connector paused until 2026-0\d-\d\d \d\d:00:00 /);
    await i18n.changeLanguage('nl');
    const retry = { meaning: 'Network error: connection refused: the same batch is sent again in 30 s (attempt 2).', meaningCode: null } as unknown as BatchEventView;
    expect(meaningText(retry)).toBe(retry.meaning);
  });

  it('switches from the header: the screens, <html lang> and the remembered choice follow', async () => {
    renderUi(<LanguageSwitch />);
    await userEvent.setup().click(screen.getByText('Nederlands'));
    expect(i18n.language).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem('canopy-batch-language')).toBe('nl');
    expect(screen.getByRole('radiogroup', { name: 'Taal' })).toBeInTheDocument();
  });
});
