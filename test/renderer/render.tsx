import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';

/**
 * Renders a screen part inside the theme provider, as main.tsx does. `env="test"` turns off Mantine's
 * transitions: their timers otherwise fire after a test's jsdom is torn down ("window is not defined").
 */
export function renderUi(ui: ReactElement): RenderResult {
  return render(<MantineProvider env="test">{ui}</MantineProvider>);
}
