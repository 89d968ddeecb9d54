import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../../shared/model';
import { useImports } from '../../stores/imports';

const DETECT = 'detect';

/**
 * The file's encoding: detected by default; the operator chooses one when a file mixes two (it is refused
 * until then) or when the detected one reads names wrongly. Choosing reads the file again.
 */
export function EncodingSelect() {
  const { t } = useTranslation();
  const encoding = useImports((s) => s.choices.encoding);
  const choose = useImports((s) => s.choose);
  const inspect = useImports((s) => s.inspect);
  return (
    <Select
      label={t('importing.encodingSelect')}
      description={t('importing.encodingHelp')}
      data={[{ value: DETECT, label: t('importing.encodingDetect') }, ...IMPORT_ENCODINGS.map((name) => ({ value: name, label: name }))]}
      value={encoding ?? DETECT}
      allowDeselect={false}
      maw={360}
      onChange={(value) => {
        choose({ encoding: value === DETECT || value === null ? undefined : (value as ImportEncoding) });
        void inspect();
      }}
    />
  );
}
