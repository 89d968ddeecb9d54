import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { BatchEventView } from '../../../shared/model';
import { formatNumber, formatTime } from '../../components/format';
import { countsText, meaningText, segmentNames, statusColor, statusLabel } from './status';
import { useTranslation } from 'react-i18next';

const COLUMNS = ['log.time', 'common.connector', 'log.segments', 'log.profiles', 'log.http', 'log.meaning', 'log.latency', 'log.nextRetry'] as const;
const TEMPLATE = '175px 130px minmax(120px,1fr) 150px 90px minmax(160px,2fr) 80px 150px';
const ROW_HEIGHT = 40;
const MAX_HEIGHT = 520;

function Row({ event, onOpen }: { event: BatchEventView; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <div
      role="row"
      tabIndex={0}
      className="log-row"
      style={{ gridTemplateColumns: TEMPLATE }}
      onClick={onOpen}
      onKeyDown={(e) => e.key === 'Enter' && onOpen()}
      aria-label={`${formatTime(event.at)} ${event.connectorName} ${event.kind === 'attempt' ? 'HTTP ' : ''}${statusLabel(event)} ${meaningText(event)}`}
    >
      <span role="cell">{formatTime(event.at)}</span>
      <span role="cell">{event.connectorName}</span>
      <span role="cell" className="ellipsis">{segmentNames(event)}</span>
      <span role="cell">
        {event.customers ? formatNumber(event.customers) : '—'} <Text span size="xs" c="dimmed">{countsText(event)}</Text>
      </span>
      <span role="cell">
        <Badge color={statusColor(event)} variant="light">{statusLabel(event)}</Badge>
      </span>
      <span role="cell" className="ellipsis" title={meaningText(event)}>{meaningText(event)}</span>
      <span role="cell">{event.latencyMs === null ? '—' : t('common.ms', { value: formatNumber(event.latencyMs) })}</span>
      <span role="cell">{event.nextRetryAt ? formatTime(event.nextRetryAt) : '—'}</span>
    </div>
  );
}

/** Every batch attempt, newest first; only the visible rows are in the page, however long the log. */
export function LogTable({ events, onOpen }: { events: BatchEventView[]; onOpen(event: BatchEventView): void }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  return (
    <div role="table" aria-label={t('log.table')} aria-rowcount={events.length + 1} className="log-table">
      <div role="rowgroup">
        <div role="row" className="log-row log-row--head" style={{ gridTemplateColumns: TEMPLATE }}>
          {COLUMNS.map((c) => (
            <span role="columnheader" key={c}>
              {t(c)}
            </span>
          ))}
        </div>
      </div>
      <div ref={scroller} className="log-scroll" role="rowgroup" style={{ height: Math.min(Math.max(events.length, 3) * ROW_HEIGHT, MAX_HEIGHT) }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div key={events[item.index].id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              <Row event={events[item.index]} onOpen={() => onOpen(events[item.index])} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
