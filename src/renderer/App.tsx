import { AppShell, Badge, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { ColorSchemeSwitch } from './components/ColorSchemeSwitch';
import { ConfirmDialog } from './components/ConfirmDialog';
import { ConnectorsPage } from './features/connectors/ConnectorsPage';
import { ImportPage } from './features/imports/ImportPage';
import { LogPage } from './features/log/LogPage';
import { PreviewPage } from './features/preview/PreviewPage';
import { QueuePage } from './features/queue/QueuePage';
import { TracePage } from './features/trace/TracePage';
import { useConnectors } from './stores/connectors';
import { connectEngineEvents } from './stores/events';
import { useNav, type Page } from './stores/nav';

const SCREENS: Record<Page, { label: string; hint: string; render(): React.ReactNode }> = {
  connectors: { label: 'Connectors', hint: 'Deployteq webhooks', render: () => <ConnectorsPage /> },
  import: { label: 'Import', hint: 'a segment export', render: () => <ImportPage /> },
  preview: { label: 'Preview', hint: 'the next request', render: () => <PreviewPage /> },
  queue: { label: 'Queue', hint: 'what waits to go', render: () => <QueuePage /> },
  log: { label: 'Log', hint: 'every request', render: () => <LogPage /> },
  trace: { label: 'Trace', hint: 'one profile', render: () => <TracePage /> },
};

/** A red dot on Connectors while one is halted, so nobody misses it. */
function HaltedCount() {
  const halted = useConnectors((s) => s.connectors.filter((c) => c.state === 'halted').length);
  return halted ? <Badge color="red" size="sm" circle aria-label={`${halted} halted`}>{halted}</Badge> : null;
}

export function App() {
  const { page, go } = useNav();
  useEffect(() => connectEngineEvents(), []);
  useEffect(() => void useConnectors.getState().refresh(), []);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'xs' }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" gap="xs">
          <Title order={1} size="h4">
            Canopy Batch
          </Title>
          <Text size="sm" c="dimmed">
            keeps Deployteq segments in step
          </Text>
          <Group ml="auto" gap="xs">
            <ColorSchemeSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Screens">
        {(Object.keys(SCREENS) as Page[]).map((key) => (
          <NavLink
            key={key}
            href={`#/${key}`}
            label={SCREENS[key].label}
            description={SCREENS[key].hint}
            active={page === key}
            aria-current={page === key ? 'page' : undefined}
            rightSection={key === 'connectors' ? <HaltedCount /> : undefined}
            onClick={(e) => {
              e.preventDefault();
              go(key);
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{SCREENS[page].render()}</AppShell.Main>
      <ConfirmDialog />
    </AppShell>
  );
}
