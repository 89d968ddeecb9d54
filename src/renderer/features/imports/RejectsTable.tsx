import { Button, Group, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiErrorShape } from '../../../shared/api';
import type { RejectsPage } from '../../../shared/model';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../components/format';
import { useTranslation } from 'react-i18next';
import { wordMessage } from '../../i18n/say';

const PAGE_SIZE = 50;

/** Saves text as a file through the browser's download (works the same in the desktop window). */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The rejected rows of an import: line, reason and the row as it was, a page at a time; the whole file as CSV. */
export function RejectsTable({ rejectsFile, segment }: { rejectsFile: string; segment: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState<RejectsPage | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<ApiErrorShape | null>(null);

  useEffect(() => {
    let current = true;
    call('imports.rejects', { rejectsFile, offset, limit: PAGE_SIZE })
      .then((next) => current && (setPage(next), setError(null)))
      .catch((e: ApiErrorShape) => current && setError(e));
    return () => {
      current = false;
    };
  }, [rejectsFile, offset]);

  const saveCsv = async () => {
    try {
      const whole = await call('imports.rejects', { rejectsFile, limit: 1, csv: true });
      download(whole.csv ?? '', `${segment.replace(/[^\p{L}\p{N}._-]+/gu, '-')}-rejected-rows.csv`);
    } catch (e) {
      setError(e as ApiErrorShape);
    }
  };

  return (
    <section aria-label={t('rejects.label')}>
      <ErrorAlert error={error} title={t('rejects.cannotShow')} />
      {page && (
        <>
          <Group justify="space-between" mb="xs">
            <Text size="sm">
              {t('rejects.range', { from: formatNumber(page.total === 0 ? 0 : offset + 1), to: formatNumber(offset + page.rows.length), total: formatNumber(page.total) })}
            </Text>
            <Group gap="xs">
              <Button size="compact-sm" variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                {t('rejects.previous')}
              </Button>
              <Button size="compact-sm" variant="default" disabled={offset + PAGE_SIZE >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                {t('rejects.next')}
              </Button>
              <Button size="compact-sm" onClick={() => void saveCsv()}>
                {t('rejects.download')}
              </Button>
            </Group>
          </Group>
          <Table fz="sm" striped aria-label={t('rejects.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('rejects.line')}</Table.Th>
                <Table.Th>{t('rejects.reason')}</Table.Th>
                <Table.Th>{t('rejects.row')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.rows.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>{wordMessage(row.reasonMessage, row.reason)}</Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {row.text}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </section>
  );
}
