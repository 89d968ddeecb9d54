import { Select } from '@mantine/core';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../../shared/model';
import { useImports } from '../../stores/imports';

const DETECT = 'detect';

/**
 * The file's encoding: detected by default; the operator chooses one when a file mixes two (it is refused
 * until then) or when the detected one reads names wrongly. Choosing reads the file again.
 */
export function EncodingSelect() {
  const encoding = useImports((s) => s.choices.encoding);
  const choose = useImports((s) => s.choose);
  const inspect = useImports((s) => s.inspect);
  return (
    <Select
      label="Encoding"
      description="Detected from the file; choose one if names look garbled or the file is refused for mixing two."
      data={[{ value: DETECT, label: 'Detect automatically' }, ...IMPORT_ENCODINGS.map((name) => ({ value: name, label: name }))]}
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
