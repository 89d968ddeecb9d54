import { AppShell, Badge, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ColorSchemeSwitch } from './components/ColorSchemeSwitch';
import { ConfirmDialog } from './components/ConfirmDialog';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ConnectorsPage } from './features/connectors/ConnectorsPage';
import { ImportPage } from './features/imports/ImportPage';
import { LogPage } from './features/log/LogPage';
import { PreviewPage } from './features/preview/PreviewPage';
import { QueuePage } from './features/queue/QueuePage';
import { TracePage } from './features/trace/TracePage';
import { BackupsPage } from './features/backups/BackupsPage';
import { WatchesPage } from './features/watches/WatchesPage';
import { useConnectors } from './stores/connectors';
import { connectEngineEvents } from './stores/events';
import { useNav, type Page } from './stores/nav';

/** Each screen: its navigation label and hint (keys nav.<page> and nav.<page>Hint) and what it shows. */
const SCREENS: Record<Page, { render(): React.ReactNode }> = {
  connectors: { render: () => <ConnectorsPage /> },
  import: { render: () => <ImportPage /> },
  preview: { render: () => <PreviewPage /> },
  queue: { render: () => <QueuePage /> },
  log: { render: () => <LogPage /> },
  trace: { render: () => <TracePage /> },
  backups: { render: () => <BackupsPage /> },
  watches: { render: () => <WatchesPage /> },
};

/** A red dot on Connectors while one is halted, so nobody misses it. */
function HaltedCount() {
  const { t } = useTranslation();
  const halted = useConnectors((s) => s.connectors.filter((c) => c.state === 'halted').length);
  return halted ? <Badge color="red" size="sm" circle aria-label={t('app.halted', { count: halted })}>{halted}</Badge> : null;
}

export function App() {
  const { t } = useTranslation();
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
            {t('app.tagline')}
          </Text>
          <Group ml="auto" gap="xs">
            <LanguageSwitch />
            <ColorSchemeSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('app.screens')}>
        {(Object.keys(SCREENS) as Page[]).map((key) => (
          <NavLink
            key={key}
            href={`#/${key}`}
            label={t(`nav.${key}`)}
            description={t(`nav.${key}Hint`)}
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
