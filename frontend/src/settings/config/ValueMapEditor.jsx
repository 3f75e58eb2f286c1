import { useEffect, useId, useRef, useState } from 'react';
import Button, { IconButton } from '@atlaskit/button/new';
import { Fieldset, Legend } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import DeleteIcon from '@atlaskit/icon/core/delete';
import { RadioGroup } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import { Inline, Stack } from '@atlaskit/primitives';
import { get } from '../../common/api';
import { LabeledSelect, PlainSelect, optionsOf } from '../../common/fields';
import LoadFailed from '../../common/LoadFailed';
import { useLoad } from '../../common/useLoad';
import { FREE_VALUE_KINDS } from './fieldKinds';

const IF_NO_MATCH = [
  { name: 'if-no-match', value: 'default', label: 'Set a default value' },
  { name: 'if-no-match', value: 'error', label: 'Report an error' },
  { name: 'if-no-match', value: 'ignore', label: 'Do nothing (leave the field as it is)' },
];

// Which value of the other site becomes which value here, and what happens to a value the map does not name. The
// values are picked among each site's real ones (GET /connections/<id>/values); labels, being free words, are typed.
// Shown under the fields table rather than in a modal: the iframe is as tall as its content, so a modal could open
// out of sight.
export default function ValueMapEditor({ fieldLabel, theirField, ownField, kind, own, other, valueMap, readOnly,
  onSave, onClose }) {
  const [pairs, setPairs] = useState(Object.entries(valueMap?.values ?? {}));
  const [ifNoMatch, setIfNoMatch] = useState(valueMap?.if_no_match ?? 'ignore');
  const [fallback, setFallback] = useState(valueMap?.default ?? '');
  const free = FREE_VALUE_KINDS.includes(kind);
  const values = useLoad(async () => (free ? [[], []] : Promise.all([
    valuesOf(other, theirField), valuesOf(own, ownField)])), [theirField, ownField, free]);
  const [theirValues, ownValues] = values.data ?? [[], []];
  const headingId = useId();
  const legendId = useId();
  const heading = useRef(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus();
  }, []);

  const setPair = (index, pair) => setPairs(pairs.map((old, at) => (at === index ? pair : old)));
  const apply = () => {
    const chosen = Object.fromEntries(pairs.filter(([from, to]) => from && from.trim() && to));
    const empty = !Object.keys(chosen).length && ifNoMatch === 'ignore';
    onSave(empty ? null : { values: chosen, if_no_match: ifNoMatch, default: ifNoMatch === 'default' ? fallback : null });
  };
  const Picker = free ? FreeValue : PickedValue;

  return (
    <section aria-labelledby={headingId} className="tandem-panel">
      <Stack space="space.200">
        <div ref={heading} tabIndex={-1}>
          <Heading size="xsmall" as="h4" id={headingId}>
            Values of {fieldLabel}
          </Heading>
        </div>
        {values.error && <LoadFailed what={`the values of ${fieldLabel}`} error={values.error} onRetry={values.reload} />}
        {pairs.map(([from, to], index) => (
          <Inline key={index} space="space.100" alignBlock="center">
            <Picker label={`Value in ${other.projectKey}, row ${index + 1}`} choices={theirValues} value={from}
              readOnly={readOnly} onChange={(value) => setPair(index, [value ?? '', to])} />
            <span aria-hidden="true">→</span>
            <Picker label={`Value in ${own.projectKey}, row ${index + 1}`} choices={ownValues} value={to}
              readOnly={readOnly} onChange={(value) => setPair(index, [from, value ?? ''])} />
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
        {ifNoMatch === 'default' && (free ? (
          <FreeValue label={`Default value in ${own.projectKey}`} value={fallback} onChange={setFallback} readOnly={readOnly} />
        ) : (
          <LabeledSelect label={`Default value in ${own.projectKey}`} options={withCurrent(ownValues, fallback)}
            value={fallback} isDisabled={readOnly} onChange={(value) => setFallback(value ?? '')} />
        ))}
        <Inline space="space.100">
          {!readOnly && <Button appearance="primary" onClick={apply}>Apply</Button>}
          <Button appearance="subtle" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</Button>
        </Inline>
      </Stack>
    </section>
  );
}

async function valuesOf(catalog, field) {
  const side = catalog.searchSide ?? 'mine';
  const { values } = await get(`/connections/${catalog.connectionId}/values?side=${side}&field=${encodeURIComponent(field)}`);
  return values;
}

// A value the half names but the site no longer has still shows, so that it can be seen and replaced.
const withCurrent = (choices, current) => optionsOf(current && !choices.includes(current) ? [...choices, current] : choices);

function PickedValue({ label, choices, value, readOnly, onChange }) {
  return (
    <div className="tandem-value-picker">
      <PlainSelect aria-label={label} options={withCurrent(choices, value)} value={value || null} isDisabled={readOnly}
        onChange={onChange} />
    </div>
  );
}

function FreeValue({ label, value, readOnly, onChange }) {
  return <Textfield aria-label={label} value={value} isReadOnly={readOnly} onChange={(event) => onChange(event.target.value)} />;
}
