// Labelled form controls: every control has a visible label tied to it, for screen readers and keyboard users.
import { forwardRef, useId } from 'react';
import { Label } from '@atlaskit/form';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { Inline, Stack } from '@atlaskit/primitives';

export const LabeledText = forwardRef(function LabeledText(
  { label, value, onChange, isReadOnly, isDisabled, placeholder, helper, ...rest },
  ref,
) {
  const id = useId();
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      <Textfield
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange?.(event.target.value)}
        isReadOnly={isReadOnly}
        isDisabled={isDisabled}
        placeholder={placeholder}
        ref={ref}
        {...rest}
      />
      {helper && <Helper>{helper}</Helper>}
    </Stack>
  );
});

// options: [{label, value}]; value: a value, or an array of values when isMulti.
export function LabeledSelect({ label, options, value, onChange, isMulti, isDisabled, placeholder, helper }) {
  const id = useId();
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      <PlainSelect
        inputId={id}
        options={options}
        value={value}
        onChange={onChange}
        isMulti={isMulti}
        isDisabled={isDisabled}
        placeholder={placeholder}
      />
      {helper && <Helper>{helper}</Helper>}
    </Stack>
  );
}

// The typing area spans the room beside the chosen values (Atlaskit fits it to the typed text), so that neither it
// nor the last value's remove button is a pointer target too small and too close to the other (WCAG 2.5.8).
const SELECT_STYLES = { input: (base) => ({ ...base, gridTemplateColumns: '0 1fr' }) };

// A select labelled by aria-label, for table cells whose column header says what they are.
export function PlainSelect({ options, value, onChange, isMulti, ...rest }) {
  const selected = isMulti
    ? options.filter((option) => (value ?? []).includes(option.value))
    : options.find((option) => option.value === value) ?? null;
  return (
    <Select
      options={options}
      value={selected}
      onChange={(choice) => onChange(isMulti ? (choice ?? []).map((option) => option.value) : choice?.value ?? null)}
      isMulti={isMulti}
      menuPosition="fixed"
      styles={SELECT_STYLES}
      {...rest}
    />
  );
}

export function LabeledToggle({ label, isChecked, onChange, isDisabled }) {
  const id = useId();
  return (
    <Inline space="space.100" alignBlock="center">
      <Toggle id={id} isChecked={isChecked} onChange={() => onChange(!isChecked)} isDisabled={isDisabled} />
      <Label htmlFor={id}>{label}</Label>
      {/* A disabled toggle is drawn faintly: its state is also said in words, readable at a glance. */}
      {isDisabled && <span className="tandem-toggle-state">{isChecked ? 'Yes' : 'No'}</span>}
    </Inline>
  );
}

export function Helper({ children }) {
  return <p className="tandem-helper">{children}</p>;
}

export const optionsOf = (names) => names.map((name) => ({ label: name, value: name }));
