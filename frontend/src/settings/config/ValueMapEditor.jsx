import { useEffect, useId, useRef, useState } from 'react';
import Button, { IconButton } from '@atlaskit/button/new';
import { Fieldset, Legend } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import DeleteIcon from '@atlaskit/icon/core/delete';
import { RadioGroup } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import { Inline, Stack } from '@atlaskit/primitives';
import { LabeledText } from '../../common/fields';

const IF_NO_MATCH = [
  { name: 'if-no-match', value: 'default', label: 'Set a default value' },
  { name: 'if-no-match', value: 'error', label: 'Report an error' },
  { name: 'if-no-match', value: 'ignore', label: 'Do nothing (leave the field as it is)' },
];

// Which value of the other site becomes which value here, and what happens to a value the map does not name.
// Shown under the fields table rather than in a modal: the iframe is as tall as its content, so a modal could open
// out of sight.
export default function ValueMapEditor({ fieldLabel, own, other, valueMap, readOnly, onSave, onClose }) {
  const [pairs, setPairs] = useState(Object.entries(valueMap?.values ?? {}));
  const [ifNoMatch, setIfNoMatch] = useState(valueMap?.if_no_match ?? 'ignore');
  const [fallback, setFallback] = useState(valueMap?.default ?? '');
  const headingId = useId();
  const legendId = useId();
  const heading = useRef(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus();
  }, []);

  const setPair = (index, pair) => setPairs(pairs.map((old, at) => (at === index ? pair : old)));
  const apply = () => {
    const values = Object.fromEntries(pairs.filter(([from]) => from.trim()));
    const empty = !Object.keys(values).length && ifNoMatch === 'ignore';
    onSave(empty ? null : { values, if_no_match: ifNoMatch, default: ifNoMatch === 'default' ? fallback : null });
  };

  return (
    <section aria-labelledby={headingId} className="tandem-panel">
      <Stack space="space.200">
        <div ref={heading} tabIndex={-1}>
          <Heading size="xsmall" as="h4" id={headingId}>
            Values of {fieldLabel}
          </Heading>
        </div>
        {pairs.map(([from, to], index) => (
          <Inline key={index} space="space.100" alignBlock="center">
            <Textfield aria-label={`Value in ${other.projectKey}, row ${index + 1}`} value={from} isReadOnly={readOnly}
              onChange={(event) => setPair(index, [event.target.value, to])} />
            <span aria-hidden="true">→</span>
            <Textfield aria-label={`Value in ${own.projectKey}, row ${index + 1}`} value={to} isReadOnly={readOnly}
              onChange={(event) => setPair(index, [from, event.target.value])} />
            {!readOnly && (
              <IconButton icon={DeleteIcon} label={`Remove row ${index + 1}`} appearance="subtle"
                onClick={() => setPairs(pairs.filter((_, at) => at !== index))} />
            )}
          </Inline>
        ))}
        {!readOnly && <div><Button onClick={() => setPairs([...pairs, ['', '']])}>Add value</Button></div>}
        <Fieldset legend={<Legend id={legendId}>If no matching value</Legend>}>
          <RadioGroup options={IF_NO_MATCH} value={ifNoMatch} isDisabled={readOnly} aria-labelledby={legendId}
            onChange={(event) => setIfNoMatch(event.target.value)} />
        </Fieldset>
        {ifNoMatch === 'default' && (
          <LabeledText label={`Default value in ${own.projectKey}`} value={fallback} onChange={setFallback}
            isReadOnly={readOnly} />
        )}
        <Inline space="space.100">
          {!readOnly && <Button appearance="primary" onClick={apply}>Apply</Button>}
          <Button appearance="subtle" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</Button>
        </Inline>
      </Stack>
    </section>
  );
}
