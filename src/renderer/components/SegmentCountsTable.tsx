import { Table } from '@mantine/core';
import { STATUSES, type StatusCounts } from '../../shared/model';
import { formatNumber } from './format';
import { useTranslation } from 'react-i18next';

export interface SegmentCountsRow {
  key: string | number;
  segment: string;
  counts: Partial<StatusCounts>;
  /** Values of the extra columns, in their order. */
  extra?: number[];
}

/** Profiles per segment and status (NEW / MODIFIED / REMOVED), with optional extra number columns. */
export function SegmentCountsTable({ rows, label, extraColumns = [], maw }: { rows: SegmentCountsRow[]; label: string; extraColumns?: string[]; maw?: number }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder fz="sm" aria-label={label} maw={maw}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('common.segment')}</Table.Th>
          {[...STATUSES, ...extraColumns].map((column) => (
            <Table.Th key={column} ta="right">
              {column}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Td>{row.segment}</Table.Td>
            {[...STATUSES.map((status) => row.counts[status] ?? 0), ...(row.extra ?? [])].map((value, i) => (
              <Table.Td key={i} ta="right">
                {formatNumber(value)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
