import { Button, Menu, Modal } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnectors } from '../../stores/connectors';
import { SegmentHistory } from './SegmentHistory';

// One empty list, not a new one per render (a fresh [] in a zustand selector re-renders forever).
const NO_SEGMENTS: never[] = [];

/** In the Queue: a connector's segments, each opening its import history (with Undo on the latest import). */
export function SegmentHistoryButton({ connector }: { connector: string }) {
  const segments = useConnectors((s) => s.connectors.find((c) => c.name === connector)?.segments ?? NO_SEGMENTS);
  const { t } = useTranslation();
  const [segment, setSegment] = useState<string | null>(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="subtle" disabled={segments.length === 0} aria-label={t('history.buttonLabel', { name: connector })}>
            {t('history.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('history.menu')}</Menu.Label>
          {segments.map((s) => (
            <Menu.Item key={s.id} onClick={() => setSegment(s.name)}>
              {s.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={segment !== null} onClose={() => setSegment(null)} title={t('history.title', { name: connector })} size="xl">
        {segment && <SegmentHistory connector={connector} segment={segment} />}
      </Modal>
    </>
  );
}
