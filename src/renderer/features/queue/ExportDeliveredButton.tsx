import { Button, Menu, Popover, Text } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api/client';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../components/format';
import { useConnectors } from '../../stores/connectors';
import type { SegmentExportResult } from '../../../shared/model';
import type { ApiErrorShape } from '../../../shared/api';

/**
 * Export what Deployteq holds: per segment of the connector, its delivered state as a CSV file in the data
 * folder's exports (the engine streams it, so a segment of millions is fine); says where the file went.
 */
// One empty list, not a new one per render: a selector that returns a fresh [] makes zustand re-render forever.
const NO_SEGMENTS: never[] = [];

export function ExportDeliveredButton({ connector }: { connector: string }) {
  const { t } = useTranslation();
  const segments = useConnectors((s) => s.connectors.find((c) => c.name === connector)?.segments ?? NO_SEGMENTS);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ done?: SegmentExportResult; error?: string } | null>(null);

  const exportSegment = async (segment: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ done: await call('segments.export', { connector, segment }) });
    } catch (error) {
      setOutcome({ error: (error as ApiErrorShape).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover withRoles={false} opened={outcome !== null} onChange={(open) => !open && setOutcome(null)} position="bottom-end" withArrow width={360}>
      <Popover.Target>
        <div>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="subtle" loading={busy} disabled={segments.length === 0} aria-label={t('queue.exportLabel', { connector })}>
                {t('queue.exportButton')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('queue.exportMenu')}</Menu.Label>
              {segments.map((s) => (
                <Menu.Item key={s.id} onClick={() => void exportSegment(s.name)}>
                  {s.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </div>
      </Popover.Target>
      <Popover.Dropdown role={outcome?.error ? 'alert' : 'status'}>
        {outcome?.done && (
          <Text size="sm">
            {t('queue.exported', { count: outcome.done.rows, formatted: formatNumber(outcome.done.rows), segment: outcome.done.segment })} <code>{outcome.done.file}</code>
          </Text>
        )}
        {outcome?.error && (
          <Text size="sm" c="red">
            {t('queue.notExported', { error: outcome.error })}
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
