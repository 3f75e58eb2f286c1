import { useRef } from 'react';
import Button from '@atlaskit/button/new';
import CopyIcon from '@atlaskit/icon/core/copy';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import { LabeledText } from '../common/fields';
import { useFeedback } from '../common/flags';

// Shown once: the code an administrator of the other site pastes under Accept invitation.
export default function InvitationCode({ code }) {
  const { failed, succeeded } = useFeedback();
  const field = useRef(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      succeeded('Invitation code copied');
    } catch (error) {
      field.current?.select();
      failed('Could not copy the code', new Error(`${error.message}. It is selected: press Ctrl+C (or ⌘C) to copy it.`));
    }
  };

  return (
    <Stack space="space.200">
      <SectionMessage appearance="information" title="Invite the other site">
        <p>
          Send this code to an administrator of the other site. They paste it under <strong>Accept invitation</strong>
          {' '}in their project's Tandem settings. It works once, for 7 days, and is shown only now.
        </p>
      </SectionMessage>
      <Inline space="space.100" alignBlock="end">
        <div style={{ flexGrow: 1 }}>
          <LabeledText label="Invitation code" value={code} isReadOnly ref={field} className="tandem-code"
            onFocus={(event) => event.target.select()} />
        </div>
        <Button iconBefore={CopyIcon} onClick={copy}>Copy</Button>
      </Inline>
    </Stack>
  );
}
