import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules, axe's best practices and its experimental rules (label-content-name-mismatch is one); serious or critical fails. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice', 'experimental'];

/** One line per serious or critical violation: rule, impact, and the elements it was found on. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1, 2).join(' ').trim()}`).join('\n    ')}`);
}

export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect.soft(await seriousViolations(page), `axe on ${where}`).toEqual([]);
}

/**
 * The visible controls that Tab can never reach: a tabIndex below 0 on a button, link, field or ARIA widget
 * (a radio group counts as reachable when one of its radios is). Empty means every control is keyboard-reachable.
 */
export async function unreachableControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [role=button], [role=link], [role=switch], [role=checkbox], [role=radio], [role=tab], [role=combobox], [role=slider], [role=option]';
    const visible = (el: HTMLElement) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const reachable = (el: HTMLElement): boolean => {
      if (el.tabIndex >= 0) return true;
      const radio = el as HTMLInputElement;
      if (radio.type === 'radio' && radio.name) {
        return [...document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(radio.name)}"]`)].some((r) => r.tabIndex >= 0);
      }
      return false;
    };
    const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
      const input = el as HTMLInputElement;
      if (input.disabled || el.getAttribute('aria-disabled') === 'true' || input.type === 'hidden') return false;
      // Mantine hides the real radio/checkbox under its label; what counts is whether the input is visible there.
      return visible(el) || (el.tagName === 'INPUT' && visible(el.parentElement as HTMLElement));
    });
    return controls.filter((el) => !reachable(el)).map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}]`);
  });
}

export async function expectKeyboardReachable(page: Page, where: string): Promise<void> {
  expect.soft(await unreachableControls(page), `controls Tab cannot reach on ${where}`).toEqual([]);
}
