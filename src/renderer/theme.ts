import { DEFAULT_THEME, createTheme, localStorageColorSchemeManager, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/**
 * Mantine's teal, its last two shades deeper: white on shade 9 is 6.1:1 (and shade 9 on its own tint 5.3:1);
 * shade 8, a filled button's hover, is the old shade 9 (white on it 5.0:1).
 */
const teal = [...DEFAULT_THEME.colors.teal.slice(0, 8), '#087f5b', '#06704c'] as unknown as MantineColorsTuple;

/**
 * Orange and yellow the same way, for the log's retry and 429 badges and the paused state: shade 9 on its own
 * light tint 5.1:1 (orange, was 3.76:1) and 5.1:1 (yellow, was 2.7:1); shade 8 is the old shade 9.
 */
const orange = [...DEFAULT_THEME.colors.orange.slice(0, 8), '#d9480f', '#b33c0a'] as unknown as MantineColorsTuple;
const yellow = [...DEFAULT_THEME.colors.yellow.slice(0, 8), '#e67700', '#995200'] as unknown as MantineColorsTuple;

/**
 * The look of the screens, light and dark, chosen to pass WCAG AA contrast (axe runs on every screen in both
 * themes, test/e2e/03-themes-accessibility.spec.ts): a deep teal under white text (6.1:1, where the default
 * shade 6 gave 2.55:1), and help text darker than Mantine's dimmed grey (3.32:1 on white).
 */
export const theme = createTheme({
  colors: { teal, orange, yellow },
  primaryColor: 'teal',
  primaryShade: { light: 9, dark: 9 },
  autoContrast: true,
  respectReducedMotion: true, // no sliding drawers for those who asked their OS for less motion
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a' }, // 6.1:1 on white
  dark: { '--mantine-color-dimmed': '#a8a8a8' }, // 6.5:1 on the dark body
});

/** The theme follows the OS (prefers-color-scheme) until the operator picks one in the header; then it is remembered. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'canopy-batch-color-scheme' });
